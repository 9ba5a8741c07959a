import type { FastifyCorsOptions } from '@fastify/cors';

/** How long a browser may reuse a preflight answer: saves one OPTIONS round trip per call. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the allow-listed origins only (`CORS_ORIGINS`), with credentials, so that a front end
 * there can send the session cookie and read the answers. Any other origin gets no CORS header:
 * its browser keeps the answer from it, and the cross-site check refuses its writes.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  return {
    origin: [...origins],
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  };
}
