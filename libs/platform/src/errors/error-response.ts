import { HttpException, HttpStatus } from '@nestjs/common';
import { isRedisUnavailableError } from '@app/redis';
import { MethodNotAllowedException } from './method-not-allowed.exception';
import { shownPath } from './shown-path';
import { TooManyRequestsException } from './too-many-requests.exception';

/**
 * One problem with the request, named so a client can act on it: the field (`body`, a body
 * property, a header or a path parameter) and the rule it broke.
 */
export interface ErrorDetail {
  field: string;
  rule: string;
  message: string;
}

/** How a field inside a body is named in an {@link ErrorDetail}: `items[0].sku`. */
export function fieldPath(parent: string, key: string, inArray = false): string {
  if (inArray) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Every error response body. */
export interface ErrorResponseBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: ErrorDetail[];
}

export interface ErrorResponse {
  statusCode: number;
  body: ErrorResponseBody;
  headers?: Record<string, string>;
  /** Set for errors nobody anticipated: they are logged with their stack. */
  unexpected: boolean;
}

// Errors Fastify raises before a handler runs (body parsing, content type, limits). The router's
// quote the whole path: their detail says what is wrong without it.
const FASTIFY_ERRORS: Record<string, Omit<ErrorDetail, 'message'> & { status?: number; message?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'content-type', rule: 'supportedMediaType' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', rule: 'matchesBody' },
  FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', rule: 'maxBytes' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', rule: 'json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', rule: 'json' },
  FST_ERR_CTP_INVALID_TYPE: { field: 'content-type', rule: 'supportedMediaType' },
  FST_ERR_BAD_URL: { field: 'url', rule: 'validUrl', message: 'The path does not decode' },
  FST_ERR_MAX_PARAM_LENGTH: { field: 'url', rule: 'maxParamLength', message: 'A path parameter is too long' },
  FST_ERR_ASYNC_CONSTRAINT: { field: 'url', rule: 'validUrl' },
};

/**
 * Turns any error into the JSON error response, in one place for Nest's exception filter and
 * Fastify's error handler: HTTP exceptions keep their status, Redis outages become 503, body
 * and header problems 4xx, anything else a logged 500.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  // Nest wraps Fastify's own 4xx errors; their code says more than the wrapper.
  if (error instanceof HttpException && !isFastifyError(error.cause)) return fromHttpException(error);
  if (error instanceof HttpException) error = error.cause;
  if (isRedisUnavailableError(error)) {
    return retryShortly(
      respond(HttpStatus.SERVICE_UNAVAILABLE, 'A backing service (Redis) is unavailable; retry shortly'),
    );
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known || isClientError(fastifyError.statusCode)) {
    const status = isClientError(fastifyError.statusCode) ? fastifyError.statusCode! : HttpStatus.BAD_REQUEST;
    const message = withShownPath(fastifyError.message || 'Bad request');
    const detail = known ?? detailOfParseError(message);
    return respond(status, message, detail ? [{ ...detail, message: known?.message ?? message }] : undefined);
  }
  return { ...respond(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'), unexpected: true };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  // TooManyRequestsException, and the libraries' own 429s (the session library's, for one).
  const { retryAfterSeconds } = exception as Partial<TooManyRequestsException>;
  if (status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfterSeconds === 'number') {
    const retryAfter = String(Math.max(1, Math.ceil(retryAfterSeconds)));
    return { ...respond(status, exception.message), headers: { 'retry-after': retryAfter } };
  }
  const response = exception.getResponse();
  const { message, errors } = (typeof response === 'string' ? { message: response } : response) as {
    message?: unknown;
    errors?: ErrorDetail[];
  };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  const answer = respond(status, text, errors);
  if (status === HttpStatus.SERVICE_UNAVAILABLE) return retryShortly(answer);
  // HTTP requires a 405 to name the methods the path allows.
  if (exception instanceof MethodNotAllowedException)
    return { ...answer, headers: { allow: exception.allowedMethods.join(', ') } };
  return answer;
}

// An outage of Redis lasts about as long as a reconnect or a failover: a second is a fair hint.
function retryShortly(response: ErrorResponse): ErrorResponse {
  return { ...response, headers: { 'retry-after': '1' } };
}

// How the router's messages quote the path: `'<path>' is not a valid url component`.
const QUOTED_PATH = /^'([^]*)'( is [^']*)$/;

/** `message` with the path it quotes cut to a bounded length: see {@link shownPath}. */
function withShownPath(message: string): string {
  return message.replace(QUOTED_PATH, (_, path: string, rest: string) => `'${shownPath(path)}'${rest}`);
}

// The JSON parser's own errors carry no code, only a status and a message.
function detailOfParseError(message: string): Omit<ErrorDetail, 'message'> | undefined {
  if (/prototype|constructor/i.test(message)) return { field: 'body', rule: 'noPrototypeKeys' };
  if (/JSON/i.test(message)) return { field: 'body', rule: 'json' };
  return undefined;
}

function isFastifyError(error: unknown): boolean {
  const candidate = error as { code?: unknown; statusCode?: unknown } | undefined;
  return typeof candidate?.code === 'string' || typeof candidate?.statusCode === 'number';
}

function isClientError(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500;
}

function respond(statusCode: number, message: string, errors?: ErrorDetail[]): ErrorResponse {
  const error = HttpStatus[statusCode]
    ? HttpStatus[statusCode]
        .toLowerCase()
        .replace(/(^|_)(\w)/g, (_, space: string, letter: string) => (space ? ' ' : '') + letter.toUpperCase())
    : 'Error';
  return { statusCode, body: { statusCode, error, message, ...(errors?.length ? { errors } : {}) }, unexpected: false };
}
