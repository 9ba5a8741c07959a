import type { FastifySessionObject } from '@fastify/session';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest, Session } from 'fastify';
import type { RedisSessionStore } from './redis-session.store';
import type { SessionCookieSigner } from './session-cookie.signer';

/** The constructor of `@fastify/session`'s session object (regenerate, destroy, save, the change hash). */
export type FastifySessionClass = new (
  store: RedisSessionStore,
  request: FastifyRequest,
  idGenerator: (request: FastifyRequest) => string,
  cookieOptions: CookieSerializeOptions,
  signer: SessionCookieSigner,
  stored?: Session,
  sessionId?: string,
) => FastifySessionObject;

/**
 * `@fastify/session`'s session object. The package exports only its plugin, whose hooks build
 * one for every request; the session plugin here builds it itself, when a request needs it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the package without typings
export const FastifySession: FastifySessionClass = require('@fastify/session/lib/session');
