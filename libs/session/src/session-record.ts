import { Session } from 'fastify';

/**
 * The stored form of a session: a Redis hash with one short field per value, so a record
 * stays a few dozen bytes (listpack-encoded) and nothing of the cookie is copied into it.
 */
const FIELD = {
  userId: 'u',
  email: 'e',
  roles: 'r',
  cartId: 'c',
  createdAt: 'ct',
  touchedAt: 'ts',
} as const;

/** Field/value pairs for `HSET`. */
export function encodeSessionRecord(session: Session): string[] {
  const fields: string[] = [
    FIELD.createdAt,
    String(session.createdAt),
    FIELD.touchedAt,
    String(session.touchedAt),
  ];
  if (session.user) {
    fields.push(
      FIELD.userId,
      session.user.id,
      FIELD.email,
      session.user.email,
      FIELD.roles,
      session.user.roles.join(','),
    );
  }
  if (session.cartId) fields.push(FIELD.cartId, session.cartId);
  return fields;
}

/** The session data of an `HGETALL` reply, or `null` for a missing or unreadable record. */
export function decodeSessionRecord(fields: Record<string, string>): Session | null {
  const createdAt = Number(fields[FIELD.createdAt]);
  const touchedAt = Number(fields[FIELD.touchedAt]);
  if (!Number.isFinite(createdAt) || !Number.isFinite(touchedAt)) return null;
  const session = { createdAt, touchedAt } as Session;
  const userId = fields[FIELD.userId];
  if (userId) {
    const roles = fields[FIELD.roles];
    session.user = { id: userId, email: fields[FIELD.email] ?? '', roles: roles ? roles.split(',') : [] };
  }
  if (fields[FIELD.cartId]) session.cartId = fields[FIELD.cartId];
  return session;
}
