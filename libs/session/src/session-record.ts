import { Session } from 'fastify';

/**
 * The stored form of a session: a Redis hash with one short field per value, so a record
 * stays small (listpack-encoded) and nothing of the cookie is copied into it.
 */
export const SESSION_FIELD = {
  userId: 'u',
  email: 'e',
  roles: 'r',
  cartId: 'c',
  createdAt: 'ct',
  touchedAt: 'ts',
  ip: 'ip',
  userAgent: 'ua',
} as const;

/** The hash fields of a session, by field name. */
export function encodeSessionRecord(session: Session): Map<string, string> {
  const fields = new Map<string, string>([
    [SESSION_FIELD.createdAt, String(session.createdAt)],
    [SESSION_FIELD.touchedAt, String(session.touchedAt)],
  ]);
  if (session.user) {
    fields.set(SESSION_FIELD.userId, session.user.id);
    fields.set(SESSION_FIELD.email, session.user.email);
    fields.set(SESSION_FIELD.roles, session.user.roles.join(','));
  }
  if (session.cartId) fields.set(SESSION_FIELD.cartId, session.cartId);
  if (session.ip) fields.set(SESSION_FIELD.ip, session.ip);
  if (session.userAgent) fields.set(SESSION_FIELD.userAgent, session.userAgent);
  return fields;
}

/** The session data of an `HGETALL` reply, or `null` for a missing or unreadable record. */
export function decodeSessionRecord(fields: Record<string, string>): Session | null {
  const createdAt = Number(fields[SESSION_FIELD.createdAt]);
  const touchedAt = Number(fields[SESSION_FIELD.touchedAt]);
  if (!Number.isFinite(createdAt) || !Number.isFinite(touchedAt)) return null;
  const session = { createdAt, touchedAt } as Session;
  const userId = fields[SESSION_FIELD.userId];
  if (userId) {
    const roles = fields[SESSION_FIELD.roles];
    session.user = { id: userId, email: fields[SESSION_FIELD.email] ?? '', roles: roles ? roles.split(',') : [] };
  }
  if (fields[SESSION_FIELD.cartId]) session.cartId = fields[SESSION_FIELD.cartId];
  if (fields[SESSION_FIELD.ip]) session.ip = fields[SESSION_FIELD.ip];
  if (fields[SESSION_FIELD.userAgent]) session.userAgent = fields[SESSION_FIELD.userAgent];
  return session;
}
