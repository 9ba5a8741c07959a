import type { FastifySessionObject } from '@fastify/session';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest, Session } from 'fastify';
import type { RedisSessionStore } from './redis-session.store';
import type { SessionCookieSigner } from './session-cookie.signer';
import { EncodedSession, encodeSession, recordOf } from './session-record';

/** The constructor of `@fastify/session`'s session object (regenerate, destroy, save, the change check). */
export type FastifySessionClass = new (
  store: RedisSessionStore,
  request: FastifyRequest,
  idGenerator: (request: FastifyRequest) => string,
  cookieOptions: CookieSerializeOptions,
  signer: SessionCookieSigner,
  stored?: Session,
  sessionId?: string,
) => FastifySessionObject;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the package without typings
const PackageSession: FastifySessionClass = require('@fastify/session/lib/session');

// The method whose result `isModified` compares with its result at load: a SHA-256 of the
// whole session, serialised by a stable stringify with a replacer (twice a request).
const CHANGE_KEY = Object.getOwnPropertySymbols(PackageSession.prototype).find(
  (symbol) => symbol.description === 'hash',
);
if (!CHANGE_KEY)
  throw new Error('@fastify/session: its session class has no [hash] method; see fastify-session.class.ts');

/**
 * The encoding behind a session's latest change key: the store keeps it as the values loaded,
 * so a session just built is not encoded a second time.
 */
export const LATEST_ENCODING = Symbol('latest encoding');

declare module 'fastify' {
  interface Session {
    [LATEST_ENCODING]?: EncodedSession;
  }
}

/**
 * `@fastify/session`'s session object. The package exports only its plugin, whose hooks build
 * one for every request; the session plugin here builds it itself, when a request needs it.
 *
 * A session has changed when what the store would write has: its change key is the record of
 * `session-record.ts` (the values the store keeps), not a hash of everything, which cost a
 * tenth of a session read. A session the store cannot encode (a value that is not JSON) counts
 * as changed, so that its save reports why.
 */
export const FastifySession = class extends (PackageSession as new (...args: unknown[]) => object) {
  [CHANGE_KEY](): unknown {
    const session = this as unknown as Session;
    session[LATEST_ENCODING] = undefined;
    try {
      const encoded = encodeSession(session);
      session[LATEST_ENCODING] = encoded;
      return JSON.stringify(recordOf(encoded));
    } catch {
      return {};
    }
  }
} as unknown as FastifySessionClass;
