import type { SessionData } from './index';

/**
 * One live session of a user, as `GET /auth/sessions` lists it. `id` is public: a hash of the
 * session id, useless as a cookie.
 *
 * @publicApi
 */
export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The signed-in user as the session knows them: enough for guards, nothing to keep in sync.
 *
 * @publicApi
 */
export interface SessionUser {
  id: string;
  email: string;
  roles: string[];
}

declare module 'fastify' {
  /**
   * What a session holds: the app's {@link SessionData}, and the values the session library
   * keeps itself. Those are reserved: an app that changes one through the session object gets
   * an error at the save, and nothing is written.
   */
  interface Session extends SessionData {
    /** Present once the client has signed in. */
    user?: SessionUser;
    /** When the session began (epoch seconds); the absolute timeout counts from here. */
    createdAt?: number;
    /** When the store last slid the idle expiry (epoch seconds): "last seen", to the touch interval. */
    touchedAt?: number;
    /** Client address at sign-in, as the trusted proxy reported it. */
    ip?: string;
    /**
     * Client's `User-Agent`, on the request that signs in only: the store keeps each distinct
     * one once, under {@link userAgentId}, for the session list.
     */
    userAgent?: string;
    /** The id the store keeps the sign-in's `User-Agent` under. */
    userAgentId?: string;
    /** Set when the store could not be read: the session is unknown, not empty. */
    storeUnavailable?: true;
  }
}
