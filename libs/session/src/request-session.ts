import type { FastifySessionObject } from '@fastify/session';
import type { FastifyRequest } from 'fastify';

/**
 * Where a request keeps its session: `undefined` until the session plugin loads one or the
 * request first reads `request.session`, `null` once it is destroyed.
 */
export const REQUEST_SESSION = Symbol('request session');

/**
 * Set on a request whose cookie named a signed-in session that no longer exists (signed out,
 * ended from another device, timed out): its client believes it is signed in.
 */
export const SIGNED_IN_SESSION_ENDED = Symbol('signed-in session ended');

/**
 * Set on a request whose cookie named a session that a sign-in or a renewal replaced lately
 * (see `RedisSessionStore.replace`): its client holds the new cookie, or is about to.
 */
export const SESSION_REPLACED = Symbol('session replaced');

declare module 'fastify' {
  interface FastifyRequest {
    [REQUEST_SESSION]?: FastifySessionObject | null;
    [SIGNED_IN_SESSION_ENDED]?: boolean;
    [SESSION_REPLACED]?: boolean;
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
