import fastifyCookie, { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifySessionObject } from '@fastify/session';
import { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { FastifySession } from './fastify-session.class';
import { RedisSessionStore, REPLACED_SESSION } from './redis-session.store';
import { existingSessionOf, REQUEST_SESSION, SESSION_REPLACED, SIGNED_IN_SESSION_ENDED } from './request-session';
import { SessionCookieSigner } from './session-cookie.signer';
import { SESSION_CLIENT_ADDRESS } from './session-client-address';
import { generateSessionId, userTagOfSession } from './session-id';
import { ResolvedSessionOptions } from './session-options.interface';
import { SessionReplacedException } from './session-replaced.exception';

export interface SessionPluginOptions {
  options: ResolvedSessionOptions;
  store: RedisSessionStore;
}

/**
 * `@fastify/session`'s behaviour with `saveUninitialized: false` and `rolling: false` (no write
 * for a client that has nothing to keep, none for a request that changed nothing: the store
 * slides the idle expiry itself), built on its session object, but a request without a cookie
 * gets its session when it first reads `request.session`: until then it costs no id, no
 * signature and no hash of the contents, and a public route that never reads it costs nothing.
 */
async function sessionPlugin(fastify: FastifyInstance, { options, store }: SessionPluginOptions): Promise<void> {
  const { cookieName, cookiePath } = options;
  // Same cookies as @fastify/cookie's Signer, but a cookie seen before costs no HMAC.
  const signer = new SessionCookieSigner(options.secrets);
  if (!fastify.hasPlugin('@fastify/cookie')) await fastify.register(fastifyCookie);
  // No Max-Age: a browser-session cookie; the server alone decides when a session ends.
  const cookieOptions = {
    path: cookiePath,
    httpOnly: true,
    secure: options.cookieSecure,
    sameSite: options.cookieSameSite,
  } as const;
  // A session regenerated for a signed-in user gets an id that names the user's hash (see
  // `generateSessionId`).
  const idGenerator = (request: FastifyRequest): string => generateSessionId(existingSessionOf(request)?.user?.id);
  const newSession = (request: FastifyRequest): FastifySessionObject => {
    const session = new FastifySession(store, request, idGenerator, cookieOptions, signer);
    // Its address, for the count of anonymous sessions it may start.
    session[SESSION_CLIENT_ADDRESS] = request.ip;
    return session;
  };

  fastify.decorateRequest(REQUEST_SESSION, undefined);
  fastify.decorateRequest(SIGNED_IN_SESSION_ENDED, false);
  fastify.decorateRequest(SESSION_REPLACED, false);
  fastify.decorateRequest('session', {
    getter(this: FastifyRequest): FastifySessionObject {
      const session = this[REQUEST_SESSION];
      // `null` stays: a destroyed session is not replaced by a new one.
      return session === undefined ? (this[REQUEST_SESSION] = newSession(this)) : (session as FastifySessionObject);
    },
    setter(this: FastifyRequest, session: FastifySessionObject | null) {
      this[REQUEST_SESSION] = session;
    },
  });

  // After the body has arrived, not when the headers have: what a request may do is decided by
  // its session as it is when the handler runs, so a request opened before a logout or a change
  // of roles, its body held back, cannot act with the session once it has ended.
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (cookiePath !== '/' && !isUnderPath(request.url.split('?', 1)[0], cookiePath)) {
      // The cookie is not sent here: an empty session, never saved.
      request[REQUEST_SESSION] = {} as FastifySessionObject;
      return done();
    }
    const cookie = request.cookies[cookieName];
    if (!cookie) return done();
    const unsigned = signer.unsign(cookie);
    // A new session, which clears the cookie unless something is stored in it.
    if (!unsigned.valid) {
      request[REQUEST_SESSION] = newSession(request);
      return done();
    }
    const sessionId = unsigned.value!;
    store.get(sessionId, (error, stored) => {
      if (error) return done(error as Error);
      if (stored === REPLACED_SESSION) {
        request[REQUEST_SESSION] = newSession(request);
        request[SESSION_REPLACED] = true;
        return done();
      }
      if (!stored) {
        request[REQUEST_SESSION] = newSession(request);
        // Only a signed-in session's id names a user (see `generateSessionId`).
        request[SIGNED_IN_SESSION_ENDED] = userTagOfSession(sessionId) !== null;
        return done();
      }
      // The store keeps no cookie with a session, so it has no cookie expiry to check here:
      // the store ends sessions itself.
      const session = new FastifySession(store, request, idGenerator, cookieOptions, signer, stored, sessionId);
      if (session.createdAt !== undefined) store.remember(session);
      // Not read (Redis unavailable): its address, as for a new session.
      else session[SESSION_CLIENT_ADDRESS] = request.ip;
      request[REQUEST_SESSION] = session;
      done();
    });
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    const session = request[REQUEST_SESSION];
    // None was needed, it was destroyed, or the cookie is not sent here: nothing to save or send.
    if (!session?.sessionId) return done(null, payload);
    if (request[SESSION_REPLACED]) {
      // The client holds the cookie of the session that replaced this one, or is about to: this
      // answer sets no cookie and clears none, and nothing is stored for the old one.
      if (!session.isModified()) return done(null, payload);
      return failed(request, new SessionReplacedException(), done);
    }
    // No cookies when an onRequest hook failed and the cookie parser never ran.
    const cookie: string | undefined = request.cookies?.[cookieName];
    const sessionCookie = session.encryptedSessionId;
    const insecure = session.cookie.secure === true && request.protocol !== 'https';
    if (!session.isModified() || insecure) {
      if (cookie && cookie !== sessionCookie) {
        // A cookie signed with an older secret is valid: re-issued signed with the current one.
        // Any other cookie that does not name this session is cleared.
        if ((session.createdAt !== undefined || session.storeUnavailable) && signedId(cookie) === session.sessionId) {
          reply.setCookie(cookieName, sessionCookie, {
            ...cookieOptions,
            secure: options.cookieSecure === 'auto' ? request.protocol === 'https' : options.cookieSecure,
          });
        } else {
          reply.clearCookie(cookieName, { path: cookiePath });
        }
      }
      if (session.isSaved()) reply.setCookie(cookieName, sessionCookie, cookieOptionsOf(session));
      return done(null, payload);
    }
    session.save((error?: Error) => {
      if (error) return failed(request, error, done);
      reply.setCookie(cookieName, sessionCookie, cookieOptionsOf(session));
      done(null, payload);
    });
  });

  // The error's answer passes this hook again: with the session left out, it neither saves
  // again nor sets a cookie for what was not stored.
  const failed = (request: FastifyRequest, error: Error, done: (error: Error) => void): void => {
    request[REQUEST_SESSION] = null;
    done(error);
  };

  const signedId = (cookie: string): string | null => {
    const unsigned = signer.unsign(cookie);
    return unsigned.valid ? unsigned.value : null;
  };
}

/** The options `@fastify/session` sets a session's cookie with (its typings omit `toJSON`). */
function cookieOptionsOf(session: FastifySessionObject): CookieSerializeOptions {
  return (session.cookie as unknown as { toJSON(): CookieSerializeOptions }).toJSON();
}

/** Whether a browser sends a cookie of `cookiePath` with a request for `path` (RFC 6265, 5.1.4). */
function isUnderPath(path: string, cookiePath: string): boolean {
  if (path === cookiePath) return true;
  if (path.length <= cookiePath.length || !path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** Registers `@fastify/cookie` and the session plugin with the Redis store on the root instance. */
export const registerSession = fastifyPlugin(sessionPlugin, { name: 'app-session', fastify: '5.x' });
