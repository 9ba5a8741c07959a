import { Inject, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest, Session } from 'fastify';
import { RedisSessionStore } from './redis-session.store';
import { SESSION_REPLACED } from './request-session';
import { RESOLVED_SESSION_OPTIONS, SESSION_STORE } from './session.constants';
import { SESSION_CREDENTIAL_VERSION } from './session-credential-version';
import { SessionSummary, SessionUser } from './session-data.interface';
import { ResolvedSessionOptions } from './session-options.interface';
import { isReservedSessionName } from './session-record';
import { SessionReplacedException } from './session-replaced.exception';
import { SessionUnavailableException } from './session-unavailable.exception';

// What the signed-in session takes from the sign-in's request; the app's data comes along (an
// anonymous cart survives signing in).
const KEPT_ON_SIGN_IN = ['user', 'ip', 'userAgent', SESSION_CREDENTIAL_VERSION];
// Everything a renewed session keeps: only its id changes.
const KEPT_ON_RENEW = ['user', 'createdAt', 'ip', 'userAgentId', SESSION_CREDENTIAL_VERSION];
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
   * The user's credential version. A sign-in reads it before it reads the credentials it
   * checks, and passes it to {@link signIn}: a change of password or roles in between (see
   * {@link revokeCredentials}) then refuses the session.
   */
  credentialVersionOf(userId: string): Promise<number> {
    return this.store.credentialVersionOf(userId);
  }

  /**
   * Call before storing anything for a client that may have no session yet (an anonymous cart):
   * counts the anonymous session the request is about to start against its client address,
   * and throws `AnonymousSessionLimitException` (429) past the limit, before anything is
   * stored. Does nothing for a stored or signed-in session. (The store counts a session that
   * was not admitted this way when it saves it.)
   */
  admitNewSession(session: Session): Promise<void> {
    return this.store.admit(session);
  }

  /**
   * Starts a signed-in session under a new id (the old session ends, so a session id fixed
   * before sign-in is worthless after it: its requests get 409, see `SessionReplacedException`).
   * The new id names the user, so the values are set first: the id is made from them. Throws
   * `SessionCredentialsChangedException` (409), storing nothing, when the user's credentials
   * changed since `credentialVersion` was read, and `SessionReplacedException` (409) when the
   * request's cookie names a session replaced meanwhile (two sign-ins sent at once): sent again,
   * it replaces the session that the first one made, so the client ends with one session.
   */
  async signIn(request: FastifyRequest, user: SessionUser, credentialVersion: number): Promise<void> {
    this.assertAvailable(request);
    if (request[SESSION_REPLACED]) throw new SessionReplacedException();
    const session = request.session;
    session.user = { id: user.id, email: user.email, roles: [...user.roles] };
    session.ip = request.ip;
    session.userAgent = request.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH);
    session[SESSION_CREDENTIAL_VERSION] = credentialVersion;
    await this.regenerate(request, [...KEPT_ON_SIGN_IN, ...dataNamesOf(session)]);
  }

  /**
   * After a change of a user's password or roles: ends every session of the user, and every
   * sign-in still checking the old credentials. With `keep`, that request's session goes on
   * under a new id (as `user`, when given), keeping its data and its absolute timeout.
   */
  async revokeCredentials(userId: string, keep?: FastifyRequest, user?: SessionUser): Promise<void> {
    if (keep) this.assertAvailable(keep);
    const credentialVersion = await this.store.revokeCredentials(userId);
    if (!keep) return;
    const session = keep.session;
    if (user) session.user = { id: user.id, email: user.email, roles: [...user.roles] };
    session[SESSION_CREDENTIAL_VERSION] = credentialVersion;
    await this.regenerate(keep, [...KEPT_ON_RENEW, ...dataNamesOf(session)]);
  }

  /**
   * Ends the session server-side and tells the browser to drop the cookie, which it does even
   * when the store cannot be reached (the request then fails with 503). A request with the
   * cookie of a replaced session gets 409 and leaves the new cookie alone: sent again, it ends
   * the session that cookie names.
   */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request[SESSION_REPLACED]) throw new SessionReplacedException();
    this.clearCookie(reply);
    this.assertAvailable(request);
    await request.session.destroy();
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

  /**
   * Moves the request to a new session with `kept` values. When the new session cannot be
   * stored, the request is left without one, so the response does not try to save it again.
   */
  private async regenerate(request: FastifyRequest, kept: (string | symbol)[]): Promise<void> {
    const previous = request.session;
    try {
      // @fastify/session copies any key, symbols included; its typings say strings.
      await this.store.replace(previous, () => previous.regenerate(kept as string[]));
    } catch (error) {
      await request.session.destroy().catch(() => undefined);
      throw error;
    }
    // Its cookie named a replaced session, but the request now has a session of its own.
    request[SESSION_REPLACED] = false;
  }
}

/** The names of the app's data in a session. */
function dataNamesOf(session: Session): string[] {
  return Object.keys(session).filter((name) => !isReservedSessionName(name));
}
