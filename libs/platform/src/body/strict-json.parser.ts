import { isUtf8 } from 'node:buffer';
import { BadRequestException } from '@nestjs/common';
import { FastifyInstance } from 'fastify';

/**
 * Makes JSON the only body an app accepts (any other content type is a 415), and refuses a
 * JSON body that is not valid UTF-8 instead of decoding it into replacement characters that
 * would then be stored. Parsing is Fastify's own, which refuses `__proto__` and `constructor`
 * keys.
 */
export function acceptStrictJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(
        new BadRequestException({
          message: 'Body is not valid UTF-8',
          errors: [{ field: 'body', rule: 'utf8', message: 'body must be UTF-8 encoded JSON' }],
        }),
        undefined,
      );
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });
}
