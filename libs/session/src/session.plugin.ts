import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { RedisSessionStore } from './redis-session.store';
import { SessionCookieSigner } from './session-cookie.signer';
import { SESSION_CLIENT_ADDRESS } from './session-client-address';
import { generateSessionId } from './session-id';
import { ResolvedSessionOptions } from './session-options.interface';

export interface SessionPluginOptions {
  options: ResolvedSessionOptions;
  store: RedisSessionStore;
}

async function sessionPlugin(fastify: FastifyInstance, { options, store }: SessionPluginOptions): Promise<void> {
  // Same cookies as @fastify/cookie's Signer, but a cookie seen before costs no HMAC.
  const signer = new SessionCookieSigner(options.secrets);
  if (!fastify.hasPlugin('@fastify/cookie')) await fastify.register(fastifyCookie);
  await fastify.register(fastifySession, {
    secret: signer,
    cookieName: options.cookieName,
    store,
    // A session regenerated for a signed-in user gets an id that names the user's hash (see
    // `generateSessionId`).
    idGenerator: (request) => generateSessionId(request?.session?.user?.id),
    // No write for a client that has nothing to keep, and none for a request that changed
    // nothing: the store slides the idle expiry itself, once per touch interval.
    saveUninitialized: false,
    rolling: false,
    // No Max-Age: a browser-session cookie; the server alone decides when a session ends.
    cookie: {
      path: options.cookiePath,
      httpOnly: true,
      secure: options.cookieSecure,
      sameSite: options.cookieSameSite,
    },
  });

  fastify.addHook('onRequest', (request, _reply, done) => {
    const session = request.session;
    if (session?.createdAt !== undefined) store.remember(session);
    // A new session: its address, for the count of anonymous sessions it may start.
    else if (session) session[SESSION_CLIENT_ADDRESS] = request.ip;
    done();
  });

  // A cookie signed with an older secret is valid; without this the plugin would answer it by
  // clearing the cookie. Re-issue it signed with the current secret instead.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const session = request.session;
    // No cookies when an earlier onRequest hook failed and the cookie parser never ran.
    const cookie = request.cookies?.[options.cookieName];
    if (
      session &&
      cookie &&
      cookie !== session.encryptedSessionId &&
      (session.createdAt !== undefined || session.storeUnavailable)
    ) {
      const unsigned = signer.unsign(cookie);
      if (unsigned.valid && unsigned.value === session.sessionId) {
        reply.setCookie(options.cookieName, session.encryptedSessionId, {
          path: options.cookiePath,
          httpOnly: true,
          sameSite: options.cookieSameSite,
          secure: options.cookieSecure === 'auto' ? request.protocol === 'https' : options.cookieSecure,
        });
      }
    }
    done(null, payload);
  });
}

/** Registers `@fastify/cookie` and `@fastify/session` with the Redis store on the root instance. */
export const registerSession = fastifyPlugin(sessionPlugin, { name: 'app-session', fastify: '5.x' });
