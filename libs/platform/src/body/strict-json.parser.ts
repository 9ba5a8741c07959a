import { isUtf8 } from 'node:buffer';
import { BadRequestException, HttpException, UnsupportedMediaTypeException } from '@nestjs/common';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorDetail, fieldPath } from '../errors/error-response';
import { ValidationFailedException } from '../errors/validation-failed.exception';

// UTF-8 cannot carry a lone surrogate; a JSON escape can (`"\ud800"`), and it would be stored as
// U+FFFD. Escaped surrogates are rare, so the parsed body is searched only when one is present.
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;
// With the `u` flag a surrogate pair is one code point; only a lone surrogate is `Cs`.
const LONE_SURROGATE = /\p{Cs}/u;
// No body here nests deeper than a few levels; validation (class-transformer) recurses into
// what it is given, and a few kilobytes of `[[[[...]]]]` would overflow its stack.
const MAX_DEPTH = 32;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * Makes JSON the only body an app accepts (any other content type is a 415), and refuses what
 * it would otherwise read as something else than was sent: a `Content-Encoding` (the body is
 * not decompressed) or a charset other than UTF-8 (415), a body that is not valid UTF-8, has a
 * lone surrogate in a string or nests deeper than 32 levels (400). An empty body is no body,
 * as many clients send one with a JSON content type. Parsing is Fastify's own, which refuses
 * `__proto__` keys and `constructor.prototype`.
 */
export function acceptStrictJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const refusal = unreadable(request, bytes);
    if (refusal) {
      done(refusal, undefined);
      return;
    }
    if (bytes.length === 0) {
      done(null, undefined);
      return;
    }
    const text = bytes.toString('utf8');
    parseJson(request, text, (error, value) => {
      const problem = error ? prototypeKeyIn(text) : structureProblemOf(value, text);
      if (error || problem) done(problem ? new ValidationFailedException([problem]) : error, undefined);
      else done(null, value);
    });
  });
}

/** Why the bytes of `request` cannot be read as the JSON they say they are, if they cannot. */
function unreadable(request: FastifyRequest, bytes: Buffer): HttpException | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return unsupported({
      field: 'content-encoding',
      rule: 'identity',
      message: 'content-encoding must be absent or identity: bodies are not decompressed',
    });
  }
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return unsupported({
      field: 'content-type',
      rule: 'utf8Charset',
      message: 'content-type must have no charset or charset=utf-8',
    });
  }
  if (!isUtf8(bytes)) {
    return new BadRequestException({
      message: 'Body is not valid UTF-8',
      errors: [{ field: 'body', rule: 'utf8', message: 'body must be UTF-8 encoded JSON' }],
    });
  }
  return undefined;
}

const unsupported = (detail: ErrorDetail): UnsupportedMediaTypeException =>
  new UnsupportedMediaTypeException({ message: `Unsupported body: ${detail.message}`, errors: [detail] });

/**
 * Why JSON that Fastify refused is refused, when it is JSON after all: Fastify says only "not
 * valid JSON" for a `__proto__` key or a `constructor.prototype`.
 */
function prototypeKeyIn(text: string): ErrorDetail | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return {
    field: 'body',
    rule: 'noPrototypeKeys',
    message: 'body must not have a __proto__ key or a constructor.prototype',
  };
}

/** What the parsed body breaks: nesting too deep, or a lone surrogate. */
function structureProblemOf(value: unknown, text: string): ErrorDetail | undefined {
  if (nestsDeeperThan(value, MAX_DEPTH)) {
    return {
      field: 'body',
      rule: 'maxDepth',
      message: `body must not nest arrays and objects deeper than ${MAX_DEPTH} levels`,
    };
  }
  const field = ESCAPED_SURROGATE.test(text) ? illFormedField(value, '') : undefined;
  if (field === undefined) return undefined;
  return {
    field,
    rule: 'wellFormedUnicode',
    message: `${field} must be well-formed Unicode (it has a lone surrogate)`,
  };
}

/** The path of the first key or string with a lone surrogate, if any. */
function illFormedField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = fieldPath(path, key, Array.isArray(value));
    if (LONE_SURROGATE.test(key)) return itemPath;
    const found = illFormedField(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether arrays and objects in `value` nest deeper than `limit`; without recursion, however deep. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
