/** One of the user's sessions, as `GET /auth/sessions` lists it. */
export interface SessionView {
  /** Public: a hash of the session id, never the id itself. */
  id: string;
  createdAt: string;
  /** To the touch interval. */
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}
