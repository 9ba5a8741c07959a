import { Inject, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RedisSessionStore } from './redis-session.store';
import { RESOLVED_SESSION_OPTIONS, SESSION_STORE } from './session.constants';
import { SessionSummary, SessionUser } from './session-data.interface';
import { ResolvedSessionOptions } from './session-options.interface';
import { SessionUnavailableException } from './session-unavailable.exception';

// What the signed-in session holds: the sign-in's values, and the anonymous session's cart
// (merged later).
const KEPT_ON_SIGN_IN = ['user', 'ip', 'userAgent', 'cartId'];
// Everything a renewed session keeps: only its id changes.
const KEPT_ON_RENEW = ['user', 'cartId', 'createdAt', 'ip', 'userAgentId'];
// Kept once per distinct value (see `RedisSessionStore`), so a whole browser's fits.
const MAX_USER_AGENT_LENGTH = 256;

/**
 * Signs clients in and out, renews session ids, and lists and ends a user's sessions from any
 * app (an admin app can end another user's sessions).
 *
 * @publicApi
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(RESOLVED_SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Inject(SESSION_STORE) private readonly store: RedisSessionStore,
  ) {}

  /**
   * Starts a signed-in session under a new id (the old session is deleted, so a session id
   * fixed before sign-in is worthless after it). The new id names the user, so the values are
   * set first: the id is made from them.
   */
  async signIn(request: FastifyRequest, user: SessionUser): Promise<void> {
    this.assertAvailable(request);
    const session = request.session;
    session.user = { id: user.id, email: user.email, roles: [...user.roles] };
    session.ip = request.ip;
    session.userAgent = request.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH);
    await session.regenerate(KEPT_ON_SIGN_IN);
  }

  /**
   * Gives the signed-in session a new id, keeping its data and its absolute timeout, after a
   * change of privilege (password, roles). `user` replaces the session's user when given.
   */
  async renew(request: FastifyRequest, user?: SessionUser): Promise<void> {
    this.assertAvailable(request);
    if (user) request.session.user = { id: user.id, email: user.email, roles: [...user.roles] };
    await request.session.regenerate(KEPT_ON_RENEW);
  }

  /** Ends the session server-side and tells the browser to drop the cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    this.assertAvailable(request);
    await request.session.destroy();
    this.clearCookie(reply);
  }

  /** The public id of the request's session, as {@link listForUser} reports it. */
  publicIdOf(request: FastifyRequest): string {
    return this.store.publicIdOf(request.session.sessionId);
  }

  /** A user's live sessions, most recently seen first. */
  listForUser(userId: string): Promise<SessionSummary[]> {
    return this.store.listForUser(userId);
  }

  /** Ends one session of a user by its public id; `false` when the user has no such session. */
  destroyForUser(userId: string, publicId: string): Promise<boolean> {
    return this.store.destroyForUser(userId, publicId);
  }

  /**
   * Ends every session of a user; with `keep`, all but that request's session. A revoked
   * session's next request, on any replica, finds nothing and is anonymous.
   */
  destroyAllForUser(userId: string, keep?: FastifyRequest): Promise<number> {
    return this.store.destroyAllForUser(userId, keep?.session.sessionId);
  }

  /** An expired cookie and `Clear-Site-Data`, for a response whose session has ended. */
  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.options.cookieName, { path: this.options.cookiePath });
    reply.header('clear-site-data', '"cookies"');
  }

  private assertAvailable(request: FastifyRequest): void {
    if (request.session?.storeUnavailable) throw new SessionUnavailableException();
  }
}
