/** One of the user's sessions, as `GET /auth/sessions` lists it. */
export class SessionView {
  /** Public: a hash of the session id, never the id itself. */
  id: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, to the touch interval. */
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session of the request that asked. */
  current: boolean;
}
