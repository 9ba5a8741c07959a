import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

/** Request header that carries a request's id, from the proxy in and back to the client. */
export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or a client may pass as an id: a UUID, a Traefik or AWS trace id, and the like.
// Anything else (too long, or characters that would disturb a log reader) is replaced.
const ACCEPTED_REQUEST_ID = /^[\w.:@+/=-]{1,128}$/;

/**
 * The id of a request, for Fastify's `genReqId`: the `X-Request-Id` it came with when that is a
 * reasonable id, otherwise a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}
