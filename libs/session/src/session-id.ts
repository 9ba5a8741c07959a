import { createHash, randomFillSync } from 'node:crypto';

// 24 random bytes (192 bits) an id, taken from a pool refilled every 128 ids: one call into
// the kernel per 128 new sessions instead of one each (every request without a cookie makes one).
const ID_BYTES = 24;
const pool = Buffer.alloc(ID_BYTES * 128);
let offset = pool.length;

// The first `length` base64url characters (6 bits each) of SHA-256 of `value`.
const digestOf = (value: string, length: number): string =>
  createHash('sha256').update(value).digest('base64url').slice(0, length);

/**
 * The name of a user's sessions in ids and keys: 96 bits of SHA-256 of the user id, so
 * neither shows the user id, and any user id will do.
 */
export function userTagOf(userId: string): string {
  return digestOf(userId, 16);
}

// A public id is 22 base64url characters of a digest.
const PUBLIC_ID_LENGTH = 22;
const PUBLIC_ID = /^[\w-]{22}$/;

/**
 * The public id of a session: 128 bits of SHA-256 of its id, the name it is stored under, so
 * Redis and the session list hold no usable session id.
 */
export function publicIdOf(sessionId: string): string {
  return digestOf(sessionId, PUBLIC_ID_LENGTH);
}

/**
 * Whether `value` has the shape of a public id: what a client names a session by must not reach
 * the other fields of its user's hash (the credential version).
 */
export function isPublicId(value: string): boolean {
  return PUBLIC_ID.test(value);
}

/** The id a `User-Agent` is kept under, once for every session that shares it: 96 bits of SHA-256. */
export function userAgentIdOf(userAgent: string): string {
  return digestOf(userAgent, 16);
}

/**
 * A new session id: random, and for a signed-in session followed by `.<user tag>`, so that the
 * store finds the session among its user's without an index (see `RedisSessionStore`). The
 * cookie is signed, so the tag cannot be changed.
 */
export function generateSessionId(userId?: string): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('base64url', offset, (offset += ID_BYTES));
  return userId === undefined ? random : `${random}.${userTagOf(userId)}`;
}

/** The user tag a session id was made with, or `null` for an anonymous session's id. */
export function userTagOfSession(sessionId: string): string | null {
  const dot = sessionId.indexOf('.');
  return dot === -1 ? null : sessionId.slice(dot + 1);
}
