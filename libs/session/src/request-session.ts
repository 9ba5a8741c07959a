import type { FastifySessionObject } from '@fastify/session';
import type { FastifyRequest } from 'fastify';

/**
 * Where a request keeps its session: `undefined` until the session plugin loads one or the
 * request first reads `request.session`, `null` once it is destroyed.
 */
export const REQUEST_SESSION = Symbol('request session');

declare module 'fastify' {
  interface FastifyRequest {
    [REQUEST_SESSION]?: FastifySessionObject | null;
  }
}

/**
 * The request's session if it has one, without making one: reading `request.session` starts a
 * new session for a request that came without one, which a check such as "is anyone signed
 * in?" must not pay for.
 */
export function existingSessionOf(request: FastifyRequest): FastifySessionObject | null | undefined {
  return request[REQUEST_SESSION];
}
