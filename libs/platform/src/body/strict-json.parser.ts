import { isUtf8 } from 'node:buffer';
import { BadRequestException } from '@nestjs/common';
import { FastifyInstance } from 'fastify';

// UTF-8 cannot carry a lone surrogate; a JSON escape can (`"\ud800"`), and it would be stored as
// U+FFFD. Escaped surrogates are rare, so the parsed body is searched only when one is present.
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;
// With the `u` flag a surrogate pair is one code point; only a lone surrogate is `Cs`.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Makes JSON the only body an app accepts (any other content type is a 415), and refuses a
 * JSON body that is not valid UTF-8, or whose strings hold a lone surrogate, instead of
 * decoding it into replacement characters that would then be stored. Parsing is Fastify's own,
 * which refuses `__proto__` and `constructor` keys.
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
    const text = bytes.toString('utf8');
    if (!ESCAPED_SURROGATE.test(text)) {
      parseJson(request, text, done);
      return;
    }
    parseJson(request, text, (error, value) => {
      const field = error ? undefined : illFormedField(value, '');
      if (field === undefined) {
        done(error, value);
        return;
      }
      const message = `${field} must be well-formed Unicode (it has a lone surrogate)`;
      done(
        new BadRequestException({
          message: `Validation failed: ${message}`,
          errors: [{ field, rule: 'wellFormedUnicode', message }],
        }),
        undefined,
      );
    });
  });
}

/** The path of the first key or string with a lone surrogate, if any. */
function illFormedField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return itemPath;
    const found = illFormedField(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
