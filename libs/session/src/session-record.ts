import { Session } from 'fastify';

/** A value at one of a record's fixed positions; `null` where the session has none. */
export type SessionRecordValue = string | number | null;

/** An app's values (see `SessionData`), each as its JSON text, by name. */
export type SessionDataRecord = Record<string, string>;

/**
 * The stored form of a session: a JSON array, one position per value the library keeps, so a
 * record is short (no field names; ~130 bytes for a signed-in session) and is read, and changed
 * by the store's scripts (Lua's `cjson`), as one value. An app's data, when there is any, is one
 * more position: an object of JSON texts by name. The scripts merge it name by name and never
 * decode a value, so each comes back exactly as it was written (Lua would round numbers to 14
 * digits and turn `[]` into `{}`).
 */
export const SESSION_RECORD = {
  createdAt: 0,
  touchedAt: 1,
  userId: 2,
  email: 3,
  roles: 4,
  ip: 5,
  userAgentId: 6,
  data: 7,
} as const;

/** The fixed positions, each named for the session value an app may not change there. */
export const RESERVED_POSITIONS: readonly [position: number, name: string][] = [
  [SESSION_RECORD.createdAt, 'createdAt'],
  [SESSION_RECORD.userId, 'user'],
  [SESSION_RECORD.email, 'user'],
  [SESSION_RECORD.roles, 'user'],
  [SESSION_RECORD.ip, 'ip'],
  [SESSION_RECORD.userAgentId, 'userAgentId'],
];

// The session's own values and the names of @fastify/session's Session members: never app data.
const RESERVED_NAMES = new Set([
  'user',
  'createdAt',
  'touchedAt',
  'ip',
  'userAgent',
  'userAgentId',
  'storeUnavailable',
  'cookie',
  'sessionId',
  'encryptedSessionId',
  'regenerate',
  'reload',
  'destroy',
  'save',
  'touch',
  'options',
  'get',
  'set',
  'isModified',
  'isSaved',
  'constructor',
  '__proto__',
]);
// A name is written into a Lua table as it is: plain identifiers only.
const DATA_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

/** A session and its record, split as the store compares and writes them. */
export interface EncodedSession {
  /** The fixed positions, `SESSION_RECORD.createdAt` to `userAgentId`. */
  values: SessionRecordValue[];
  /** The app's data; empty when it has none. */
  data: SessionDataRecord;
}

/** Whether a name is the library's (or `@fastify/session`'s) and never app data. */
export function isReservedSessionName(name: string): boolean {
  return RESERVED_NAMES.has(name);
}

/**
 * The values of a session. An app's value that is `undefined` is no value (so `= undefined`
 * deletes it, as `delete` does); a name that is not a plain identifier throws.
 */
export function encodeSession(session: Session): EncodedSession {
  const values: SessionRecordValue[] = [
    session.createdAt ?? null,
    session.touchedAt ?? null,
    session.user?.id ?? null,
    session.user?.email ?? null,
    session.user ? session.user.roles.join(',') : null,
    session.ip ?? null,
    session.userAgentId ?? null,
  ];
  const data: SessionDataRecord = {};
  for (const name of Object.keys(session)) {
    if (RESERVED_NAMES.has(name)) continue;
    const value: unknown = (session as unknown as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (!DATA_NAME.test(name)) {
      throw new Error(
        `SessionModule: session data names are identifiers of at most 64 characters, not ${JSON.stringify(name)}`,
      );
    }
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error(`SessionModule: session.${name} is not a JSON value`);
    data[name] = json;
  }
  return { values, data };
}

/** The record of encoded values, as the store writes it (trailing empty positions left out). */
export function recordOf({ values, data }: EncodedSession): (SessionRecordValue | SessionDataRecord)[] {
  const record: (SessionRecordValue | SessionDataRecord)[] = [...values];
  if (hasData(data)) return [...record, data];
  while (record.length > 0 && record[record.length - 1] === null) record.pop();
  return record;
}

/** The bytes an app's data takes in the record. */
export function dataBytes(data: SessionDataRecord): number {
  return hasData(data) ? Buffer.byteLength(JSON.stringify(data)) : 0;
}

function hasData(data: SessionDataRecord): boolean {
  for (const _name in data) return true;
  return false;
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
  const data: unknown = record[SESSION_RECORD.data];
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    for (const [name, json] of Object.entries(data as Record<string, unknown>)) {
      if (typeof json !== 'string' || RESERVED_NAMES.has(name)) continue;
      try {
        (session as unknown as Record<string, unknown>)[name] = JSON.parse(json);
      } catch {
        // A value that is not JSON was not written by this store: no value.
      }
    }
  }
  return session;
}

/**
 * How long the id of a replaced session answers as replaced rather than as unknown: longer than
 * any request sent before its client got the new cookie can take (Traefik gives up at 60 s).
 */
export const REPLACED_MARK_SECONDS = 120;

/**
 * What a session's record becomes when a sign-in or a renewal gives the session a new id: a
 * JSON object, never an array, so nothing reads it as a session (the scripts' `live` check
 * included), holding when it was replaced.
 */
export function replacedMark(replacedAt: number): string {
  return `{"replacedAt":${replacedAt}}`;
}

/** When a stored value that is a {@link replacedMark} was replaced; `null` for anything else. */
export function replacedAtOf(stored: string | null): number | null {
  // A record is an array: one character tells them apart without parsing a record.
  if (stored === null || stored.charCodeAt(0) !== 0x7b) return null;
  try {
    const { replacedAt } = JSON.parse(stored) as { replacedAt?: unknown };
    return typeof replacedAt === 'number' ? replacedAt : null;
  } catch {
    return null;
  }
}
