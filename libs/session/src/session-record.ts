import { Session } from 'fastify';

/** A value of a stored session; `null` where the session has none. */
export type SessionRecordValue = string | number | null;

/**
 * The stored form of a session: a JSON array, one position per value, so a record is short
 * (no field names; ~130 bytes for a signed-in session) and is read, and changed by the store's
 * scripts (Lua's `cjson`), as one value.
 */
export const SESSION_RECORD = {
  createdAt: 0,
  touchedAt: 1,
  userId: 2,
  email: 3,
  roles: 4,
  ip: 5,
  userAgentId: 6,
  cartId: 7,
} as const;

/** The values of a session, by position (trailing empty ones left out). */
export function encodeSessionRecord(session: Session): SessionRecordValue[] {
  const record: SessionRecordValue[] = [
    session.createdAt ?? null,
    session.touchedAt ?? null,
    session.user?.id ?? null,
    session.user?.email ?? null,
    session.user ? session.user.roles.join(',') : null,
    session.ip ?? null,
    session.userAgentId ?? null,
    session.cartId ?? null,
  ];
  while (record.length > 0 && record[record.length - 1] === null) record.pop();
  return record;
}

/** The session of a stored record, or `null` for a missing or unreadable one. */
export function decodeSessionRecord(stored: string | null): Session | null {
  if (stored === null) return null;
  let record: unknown;
  try {
    record = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!Array.isArray(record)) return null;
  const values = record as SessionRecordValue[];
  const createdAt = values[SESSION_RECORD.createdAt];
  const touchedAt = values[SESSION_RECORD.touchedAt];
  if (typeof createdAt !== 'number' || typeof touchedAt !== 'number') return null;
  const session = { createdAt, touchedAt } as Session;
  const userId = values[SESSION_RECORD.userId];
  if (userId) {
    const roles = values[SESSION_RECORD.roles];
    session.user = {
      id: String(userId),
      email: String(values[SESSION_RECORD.email] ?? ''),
      roles: roles ? String(roles).split(',') : [],
    };
  }
  const ip = values[SESSION_RECORD.ip];
  if (ip) session.ip = String(ip);
  const userAgentId = values[SESSION_RECORD.userAgentId];
  if (userAgentId) session.userAgentId = String(userAgentId);
  const cartId = values[SESSION_RECORD.cartId];
  if (cartId) session.cartId = String(cartId);
  return session;
}
