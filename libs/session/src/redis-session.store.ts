import { createHash } from 'node:crypto';
import { SessionStore } from '@fastify/session';
import { Session } from 'fastify';
import Redis from 'ioredis';
import { isRedisUnavailableError } from '@app/redis';
import { SessionSummary } from './session-data.interface';
import { SessionMetrics } from './session-metrics';
import { SessionNearCache, SessionRecordFields } from './session-near-cache';
import { SessionReadBatcher } from './session-read-batcher';
import { ResolvedSessionOptions } from './session-options.interface';
import { decodeSessionRecord, encodeSessionRecord, SESSION_FIELD } from './session-record';
import {
  DESTROY_SESSION,
  LIST_SESSIONS,
  REVOKE_ALL_SESSIONS,
  REVOKE_SESSION,
  SAVE_SESSION,
  TOUCH_SESSION,
} from './session.scripts';
import { SessionUnavailableException } from './session-unavailable.exception';

interface SessionScripts {
  sessionSave(session: string, index: string, ...args: (string | number)[]): Promise<number>;
  sessionTouch(
    session: string,
    index: string,
    ttlMs: number,
    now: number,
    expiresAt: number,
    member: string,
  ): Promise<number>;
  sessionDestroy(session: string, indexPrefix: string, member: string): Promise<number>;
  sessionRevoke(index: string, sessionPrefix: string, member: string): Promise<number>;
  sessionRevokeAll(index: string, sessionPrefix: string, keep: string): Promise<number>;
  sessionList(index: string, now: number): Promise<string[]>;
}

type Callback<T = void> = (error?: unknown, result?: T) => void;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
// Session ids whose public id is remembered (the oldest goes first), so a session's id is
// hashed once, not on every request.
const KNOWN_KEYS = 10_000;
// Resolves after the I/O already waiting has been handled: invalidations that arrived together
// with a request are applied before the request reads the near cache. The reads of one turn of
// the event loop share one wait.
let ioTurn: Promise<void> | undefined;
const afterPendingIo = (): Promise<void> =>
  (ioTurn ??= new Promise((resolve) =>
    setImmediate(() => {
      ioTurn = undefined;
      resolve();
    }),
  ));

/**
 * The `@fastify/session` store, on `ioredis`, and the operations on a user's sessions.
 *
 * One read (`HGETALL`) per request that carries a session cookie; a write only when the
 * session changed, of the fields that changed; a touch at most once per touch interval. Keys
 * are a hash of the session id, so the keyspace holds no usable session ids, and that hash is
 * the public id of a session in its user's index. With a {@link SessionNearCache}, a read of
 * a recently used session costs no command at all.
 *
 * @publicApi
 */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis & SessionScripts;
  // The fields of each session as loaded, to write back only what a request changed.
  private readonly loaded = new WeakMap<Session, Map<string, string>>();
  private readonly indexPrefix: string;
  private readonly reads: SessionReadBatcher;
  private readonly publicIds = new Map<string, string>();
  // Keys of the sessions whose touch is on its way.
  private readonly touching = new Set<string>();

  constructor(
    redis: Redis,
    private readonly options: ResolvedSessionOptions,
    private readonly nearCache: SessionNearCache | null = null,
    private readonly metrics = new SessionMetrics(),
  ) {
    redis.defineCommand('sessionSave', { numberOfKeys: 2, lua: SAVE_SESSION });
    redis.defineCommand('sessionTouch', { numberOfKeys: 2, lua: TOUCH_SESSION });
    redis.defineCommand('sessionDestroy', { numberOfKeys: 1, lua: DESTROY_SESSION });
    redis.defineCommand('sessionRevoke', { numberOfKeys: 1, lua: REVOKE_SESSION });
    redis.defineCommand('sessionRevokeAll', { numberOfKeys: 1, lua: REVOKE_ALL_SESSIONS });
    redis.defineCommand('sessionList', { numberOfKeys: 1, lua: LIST_SESSIONS });
    this.redis = metrics.observeCalls(redis as Redis & SessionScripts);
    this.indexPrefix = `${options.keyPrefix}user:`;
    this.reads = new SessionReadBatcher(redis, (seconds, failed) => metrics.callEnded('hgetall', seconds, failed));
  }

  /** The public id of a session: 128 bits of SHA-256 of its id, also its key's suffix. */
  publicIdOf(sessionId: string): string {
    let publicId = this.publicIds.get(sessionId);
    if (publicId === undefined) {
      publicId = createHash('sha256').update(sessionId).digest('base64url').slice(0, 22);
      this.publicIds.set(sessionId, publicId);
      if (this.publicIds.size > KNOWN_KEYS) this.publicIds.delete(this.publicIds.keys().next().value!);
    }
    return publicId;
  }

  /** The Redis key of a session id. */
  keyOf(sessionId: string): string {
    return this.options.keyPrefix + this.publicIdOf(sessionId);
  }

  /** Reads a live session, or `null` when it does not exist or has outlived its timeouts. */
  async load(sessionId: string): Promise<Session | null> {
    const key = this.keyOf(sessionId);
    const session = decodeSessionRecord(await this.readRecord(key));
    if (!session) return null;

    const now = nowSeconds();
    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0) {
      await this.remove(sessionId);
      return null;
    }
    // One touch at a time per session: concurrent requests that find it due need not repeat it.
    if (now - session.touchedAt! >= this.options.touchIntervalSeconds && !this.touching.has(key)) {
      // The touch changes the record: the cached copy would be stale.
      this.nearCache?.invalidate([key]);
      session.touchedAt = now;
      const index = session.user ? this.indexKey(session.user.id) : key;
      this.touching.add(key);
      try {
        await this.redis.sessionTouch(
          key,
          index,
          ttlSeconds * 1000,
          now,
          Date.now() + ttlSeconds * 1000,
          this.publicIdOf(sessionId),
        );
      } finally {
        this.touching.delete(key);
      }
    }
    return session;
  }

  /**
   * Remembers a session as loaded, so that its save writes only what changed and never
   * recreates it. Called by the plugin once `@fastify/session` has built the request's
   * session from {@link load}'s data.
   */
  remember(session: Session): void {
    if (session.createdAt !== undefined && !session.storeUnavailable) {
      this.loaded.set(session, encodeSessionRecord(session));
    }
  }

  /**
   * Writes a session: a new one whole, a loaded one as the fields that changed. A session
   * destroyed meanwhile stays destroyed.
   */
  async save(sessionId: string, session: Session): Promise<void> {
    if (session.storeUnavailable) throw new SessionUnavailableException();
    const now = nowSeconds();
    // Loaded sessions were remembered; anything else is new here, a renewed session included
    // (it keeps its creation time, so renewing never extends the absolute timeout).
    const before = this.loaded.get(session);
    const isNew = before === undefined;
    session.createdAt ??= now;
    session.touchedAt = now;

    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0) {
      await this.remove(sessionId);
      return;
    }
    const fields = encodeSessionRecord(session);
    const changed = [...fields].filter(([field, value]) => before?.get(field) !== value);
    const removed = before ? [...before.keys()].filter((field) => !fields.has(field)) : [];
    this.loaded.set(session, fields);

    const key = this.keyOf(sessionId);
    this.nearCache?.invalidate([key]);
    await this.redis.sessionSave(
      key,
      session.user ? this.indexKey(session.user.id) : key,
      isNew ? 'new' : 'update',
      ttlSeconds * 1000,
      Date.now() + ttlSeconds * 1000,
      this.publicIdOf(sessionId),
      Date.now(),
      changed.length,
      ...changed.flat(),
      ...removed,
    );
  }

  /** Deletes a session and its index entry. */
  async remove(sessionId: string): Promise<void> {
    const key = this.keyOf(sessionId);
    this.nearCache?.invalidate([key]);
    await this.redis.sessionDestroy(key, this.indexPrefix, this.publicIdOf(sessionId));
  }

  /** The user's live sessions, most recently seen first. */
  async listForUser(userId: string): Promise<SessionSummary[]> {
    const ids = await this.redis.sessionList(this.indexKey(userId), Date.now());
    const records = await Promise.all(ids.map((id) => this.redis.hgetall(this.options.keyPrefix + id)));
    return ids
      .map((id, index) => ({ id, record: records[index] }))
      .filter(({ record }) => record[SESSION_FIELD.userId] === userId)
      .map(({ id, record }) => ({
        id,
        createdAt: new Date(Number(record[SESSION_FIELD.createdAt]) * 1000),
        lastSeenAt: new Date(Number(record[SESSION_FIELD.touchedAt]) * 1000),
        ip: record[SESSION_FIELD.ip] ?? null,
        userAgent: record[SESSION_FIELD.userAgent] ?? null,
      }))
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  }

  /** Ends one session of a user by its public id; `false` when the user has no such session. */
  async destroyForUser(userId: string, publicId: string): Promise<boolean> {
    this.nearCache?.invalidate([this.options.keyPrefix + publicId]);
    return (await this.redis.sessionRevoke(this.indexKey(userId), this.options.keyPrefix, publicId)) === 1;
  }

  /** Ends every session of a user, but the one with `keepSessionId` if given; returns how many ended. */
  destroyAllForUser(userId: string, keepSessionId?: string): Promise<number> {
    const keep = keepSessionId ? this.publicIdOf(keepSessionId) : '';
    return this.redis.sessionRevokeAll(this.indexKey(userId), this.options.keyPrefix, keep);
  }

  get(sessionId: string, callback: Callback<Session | null>): void {
    this.load(sessionId).then(
      (session) => {
        this.metrics.loaded(session !== null);
        callback(null, session);
      },
      (error: unknown) =>
        // An unknown session is not an empty one: answering "none" would make the plugin clear
        // the client's cookie during a Redis blip. The marker lets public routes go on and makes
        // every route that needs the session answer 503.
        isRedisUnavailableError(error) ? callback(null, { storeUnavailable: true } as Session) : callback(error),
    );
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    this.save(sessionId, session).then(() => {
      this.metrics.wrote(session);
      callback();
    }, callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.remove(sessionId).then(() => callback(), callback);
  }

  /**
   * The record under `key`: from the near cache when it holds a live copy, from Redis
   * otherwise (and then kept in the near cache, unless it changed while it was read).
   */
  private async readRecord(key: string): Promise<SessionRecordFields> {
    const cache = this.nearCache;
    if (!cache) return this.reads.hgetall(key);
    await afterPendingIo();
    const cached = cache.get(key);
    // Redis drops an idle session at its expiry but may tell of it later: never serve one past it.
    if (cached && Number(cached[SESSION_FIELD.touchedAt]) + this.options.idleTimeoutSeconds > nowSeconds())
      return cached;
    const read = cache.beginRead(key);
    let fields: SessionRecordFields | null = null;
    try {
      fields = await this.reads.hgetall(key);
      return fields;
    } finally {
      cache.endRead(read, fields);
    }
  }

  private indexKey(userId: string): string {
    return this.indexPrefix + userId;
  }

  /** Seconds the session may still live: the idle timeout, cut short by the absolute one. */
  private remainingSeconds(session: Session, now: number): number {
    const absoluteEnd = session.createdAt! + this.options.absoluteTimeoutSeconds;
    return Math.min(this.options.idleTimeoutSeconds, absoluteEnd - now);
  }
}
