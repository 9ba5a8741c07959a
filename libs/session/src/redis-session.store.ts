import type { FastifySessionObject, SessionStore } from '@fastify/session';
import { Logger } from '@nestjs/common';
import { Session } from 'fastify';
import { Cluster } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { isRedisUnavailableError, RedisClient, writeAndWaitForReplicas } from '@app/redis';
import { AnonymousSessionLimitException } from './anonymous-session-limit.exception';
import { LATEST_ENCODING } from './fastify-session.class';
import { SessionSummary } from './session-data.interface';
import { isPublicId, publicIdOf, userAgentIdOf, userTagOf, userTagOfSession } from './session-id';
import { SessionMetrics } from './session-metrics';
import { SessionNearCache } from './session-near-cache';
import { RecentMap } from './recent-map';
import { SessionReadBatcher } from './session-read-batcher';
import { ResolvedSessionOptions } from './session-options.interface';
import { SessionCredentialsChangedException } from './session-credentials-changed.exception';
import { SessionReplacedException } from './session-replaced.exception';
import { SESSION_ADMITTED, SESSION_CLIENT_ADDRESS } from './session-client-address';
import { SESSION_CREDENTIAL_VERSION } from './session-credential-version';
import {
  dataBytes,
  decodeSessionRecord,
  EncodedSession,
  encodeSession,
  recordOf,
  REPLACED_MARK_SECONDS,
  replacedAtOf,
  replacedMark,
  RESERVED_POSITIONS,
  SESSION_RECORD,
} from './session-record';
import {
  CREDENTIAL_VERSION_FIELD,
  DESTROY_OTHER_SESSIONS,
  REPLACE_SESSION,
  REVOKE_CREDENTIALS,
  SAVE_SESSION,
  TOUCH_SESSION,
} from './session.scripts';
import { SessionUnavailableException } from './session-unavailable.exception';

interface SessionScripts {
  sessionSave(key: string, field: string, ...args: (string | number)[]): Promise<number>;
  sessionTouch(key: string, field: string, ttlMs: number, now: number): Promise<number>;
  sessionDestroyOthers(key: string, keep: string, now: number, idle: number, absolute: number): Promise<number>;
  sessionRevokeCredentials(key: string, now: number, idle: number, absolute: number, keepMs: number): Promise<number>;
  sessionReplace(key: string, field: string, mark: string, ttlMs: number): Promise<number>;
}

/** Where a session is stored: a field of its user's hash, or (`field` empty) a key of its own. */
interface SessionLocation {
  key: string;
  field: string;
  /** The user tag the id was made with (see `session-id.ts`), `null` for an anonymous session. */
  userTag: string | null;
  /** The public id of the session (see {@link RedisSessionStore.publicIdOf}). */
  publicId: string;
}

type Callback<T = void> = (error?: unknown, result?: T) => void;
/** The store's writes that must outlive a failover (see `replicaWait`). */
type DurableWrite =
  'sessionSave' | 'sessionDestroyOthers' | 'sessionRevokeCredentials' | 'sessionReplace' | 'hdel' | 'del';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const FIXED_POSITIONS = SESSION_RECORD.data;
// What the save script answers besides 1 (written) and 0 (an updated session was gone).
const CREDENTIALS_CHANGED = -1;
const DATA_TOO_LARGE = -2;
const REPLACED = -3;
// A credential version outlives the longest sign-in (reading it, checking the password, saving).
const CREDENTIAL_VERSION_KEEP_MS = 3_600_000;
// Session ids whose location is remembered (one generation of a RecentMap), so a session's id
// is hashed once, not on every request.
const KNOWN_SESSIONS = 10_000;
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

// The values of a session as loaded, to write back only what a request changed. A symbol: no
// part of its data, and left behind when `regenerate` copies the session (a renewed session is
// new to the store). On the session rather than in a WeakMap, whose insertion on every read
// showed in profiles.
const AS_LOADED = Symbol('session as loaded');

declare module 'fastify' {
  interface Session {
    [AS_LOADED]?: EncodedSession;
  }
}

/**
 * What {@link RedisSessionStore.load} answers for the id of a session that a sign-in or a
 * renewal replaced lately: no session (the old id grants nothing), but not an unknown one
 * either, whose cookie the response would clear.
 */
export const REPLACED_SESSION = Object.freeze({}) as Session;

/**
 * The `@fastify/session` store, on `ioredis`, and the operations on a user's sessions.
 *
 * A signed-in session is one field of its user's hash (`<prefix>user:<user tag>`, the tag the
 * session id ends with), so a user's sessions cost one key together and are listed or ended
 * without an index; an anonymous session is a key of its own. Each session is one short value
 * (see `session-record.ts`); each distinct `User-Agent` is kept once (`<prefix>ua:<id>`).
 *
 * One read (`HGET` or `GET`) per request that carries a session cookie; a write only when the
 * session changed, of the values that changed; a touch at most once per touch interval. Fields
 * and keys are named by a hash of the session id, so Redis holds no usable session ids, and
 * that hash is the public id of a session. With a {@link SessionNearCache}, a read of a
 * recently used session costs no command at all.
 *
 * @publicApi
 */
export class RedisSessionStore implements SessionStore {
  private readonly redis: RedisClient & SessionScripts;
  private readonly reads: SessionReadBatcher;
  private readonly locations = new RecentMap<SessionLocation>(KNOWN_SESSIONS);
  // Sessions (by key and field) whose touch is on its way.
  private readonly touching = new Set<string>();
  // Sessions being replaced by a new one (see `replace`): their deletion is left out.
  private readonly replacing = new Set<string>();
  private readonly logger = new Logger('SessionStore');
  private readonly anonymousSessions: RateLimiterRedis;
  private touchFailureLoggedAt = 0;

  constructor(
    private readonly client: RedisClient,
    private readonly options: ResolvedSessionOptions,
    private readonly nearCache: SessionNearCache | null = null,
    private readonly metrics = new SessionMetrics(),
  ) {
    client.defineCommand('sessionSave', { numberOfKeys: 1, lua: SAVE_SESSION });
    client.defineCommand('sessionTouch', { numberOfKeys: 1, lua: TOUCH_SESSION });
    client.defineCommand('sessionDestroyOthers', { numberOfKeys: 1, lua: DESTROY_OTHER_SESSIONS });
    client.defineCommand('sessionRevokeCredentials', { numberOfKeys: 1, lua: REVOKE_CREDENTIALS });
    client.defineCommand('sessionReplace', { numberOfKeys: 1, lua: REPLACE_SESSION });
    this.redis = metrics.observeCalls(client as RedisClient & SessionScripts);
    this.reads = new SessionReadBatcher(client, (seconds, failed) => metrics.callEnded('read', seconds, failed));
    this.anonymousSessions = new RateLimiterRedis({
      storeClient: client,
      // Outside the session prefix: the near cache hears of every change under it.
      keyPrefix: 'throttle:anonymous-session',
      points: options.anonymousSessionsPerHour,
      duration: 3600,
    });
  }

  /**
   * Counts the anonymous session a request is about to start against its client address, once
   * (429 past `anonymousSessionsPerHour`). Nothing for a stored or signed-in session.
   */
  async admit(session: Session): Promise<void> {
    if (session[SESSION_ADMITTED] || session.user || session[AS_LOADED]) return;
    try {
      await this.anonymousSessions.consume(session[SESSION_CLIENT_ADDRESS] ?? 'unknown');
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new AnonymousSessionLimitException(rejection.msBeforeNext / 1000);
      throw rejection;
    }
    session[SESSION_ADMITTED] = true;
  }

  /** The public id of a session (see `publicIdOf` in `session-id.ts`), remembered once computed. */
  publicIdOf(sessionId: string): string {
    return this.locate(sessionId).publicId;
  }

  /** The Redis key a session is stored in (its user's hash for a signed-in session). */
  keyOf(sessionId: string): string {
    return this.locate(sessionId).key;
  }

  /** The hash that holds a user's signed-in sessions. */
  userKeyOf(userId: string): string {
    return `${this.options.keyPrefix}user:${userTagOf(userId)}`;
  }

  /**
   * Reads a live session: `null` when it does not exist or has outlived its timeouts,
   * {@link REPLACED_SESSION} when a new session replaced it lately.
   */
  async load(sessionId: string): Promise<Session | null> {
    const at = this.locate(sessionId);
    const stored = await this.readRecord(at);
    const session = decodeSessionRecord(stored);
    if (!session) {
      const replacedAt = replacedAtOf(stored);
      if (replacedAt === null) return null;
      if (nowSeconds() - replacedAt < REPLACED_MARK_SECONDS) return REPLACED_SESSION;
      // A mark in a user's hash lives as long as the hash: gone once it is old.
      await this.remove(sessionId);
      return null;
    }

    const now = nowSeconds();
    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0 || this.isIdle(session, now)) {
      await this.remove(sessionId);
      return null;
    }
    // One touch at a time per session: concurrent requests that find it due need not repeat it.
    if (now - session.touchedAt! >= this.options.touchIntervalSeconds) {
      const touch = `${at.key}\n${at.field}`;
      if (!this.touching.has(touch)) {
        // The touch changes the record: the cached copy would be stale.
        this.nearCache?.invalidate([at.key]);
        session.touchedAt = now;
        this.touching.add(touch);
        try {
          await this.redis.sessionTouch(at.key, at.field, ttlSeconds * 1000, now);
        } catch (error) {
          // The session was read: serve it. The idle expiry slides on a later request.
          this.touchFailed(error);
        } finally {
          this.touching.delete(touch);
        }
      }
    }
    return session;
  }

  /**
   * Remembers a session as loaded, so that its save writes only what changed and never
   * recreates it. Called by the plugin as soon as it has built the request's session from
   * {@link load}'s data: the encoding the session's change check made then is still current.
   */
  remember(session: Session): void {
    if (session.createdAt !== undefined && !session.storeUnavailable) {
      session[AS_LOADED] = session[LATEST_ENCODING] ?? encodeSession(session);
    }
  }

  /**
   * Writes a session: a new one whole, a loaded one as the values that changed. A session
   * destroyed meanwhile stays destroyed. Resolves to whether anything was written. Throws,
   * writing nothing, when the app changed a value the library keeps, when its data is over
   * `maxDataBytes`, and when a sign-in raced a change of the user's credentials.
   */
  async save(sessionId: string, session: Session): Promise<boolean> {
    if (session.storeUnavailable) throw new SessionUnavailableException();
    const at = this.locate(sessionId);
    if ((session.user ? userTagOf(session.user.id) : null) !== at.userTag) {
      // The id names the user whose hash holds the session: it changes with the user.
      throw new Error(
        'SessionModule: a session changes user only through SessionService (signIn and renew give it a new id)',
      );
    }
    const now = nowSeconds();
    // Loaded sessions were remembered; anything else is new here, a renewed session included
    // (it keeps its creation time, so renewing never extends the absolute timeout).
    const before = session[AS_LOADED];
    const isNew = before === undefined;
    const credentialVersion = session[SESSION_CREDENTIAL_VERSION];
    if (isNew && credentialVersion === undefined) assertNoReservedValues(session);
    session.createdAt ??= now;
    session.touchedAt = now;
    const encoded = encodeSession(session);
    const changed: number[] = [];
    for (let position = 0; position < FIXED_POSITIONS; position++) {
      if (before?.values[position] !== encoded.values[position]) changed.push(position);
    }
    if (before) assertReservedUnchanged(changed);

    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0) {
      await this.remove(sessionId);
      return false;
    }
    const size = dataBytes(encoded.data);
    if (size > this.options.maxDataBytes) throw dataTooLarge(this.options.maxDataBytes, size);
    const dataChanges = before ? changedData(before, encoded) : null;
    // A save that only moves the last-seen time is a touch: the store does those itself.
    if (before && dataChanges === null && changed.every((position) => position === SESSION_RECORD.touchedAt)) {
      return false;
    }
    session[AS_LOADED] = encoded;

    if (isNew) await this.admit(session);
    const userAgent = isNew && session.userAgent ? this.keepUserAgent(session.userAgent, session) : undefined;
    if (userAgent) encoded.values[SESSION_RECORD.userAgentId] = session.userAgentId!;
    this.nearCache?.invalidate([at.key]);
    const { idleTimeoutSeconds, absoluteTimeoutSeconds, maxDataBytes } = this.options;
    const signIn = isNew && session.user !== undefined;
    const [, written] = await Promise.all([
      userAgent,
      this.write<number>(
        signIn,
        'sessionSave',
        at.key,
        at.field,
        isNew ? 'new' : 'update',
        ttlSeconds * 1000,
        JSON.stringify(recordOf(encoded)),
        changed.join(','),
        now,
        idleTimeoutSeconds,
        absoluteTimeoutSeconds,
        dataChanges === null ? '' : JSON.stringify(dataChanges),
        maxDataBytes,
        isNew && session.user ? String(credentialVersion ?? '') : '',
      ),
    ]);
    if (written === CREDENTIALS_CHANGED) throw new SessionCredentialsChangedException();
    if (written === DATA_TOO_LARGE) throw dataTooLarge(maxDataBytes);
    if (written === REPLACED) throw new SessionReplacedException();
    return true;
  }

  /**
   * Replaces a stored session by the one `regenerate` (`@fastify/session`'s, which starts
   * with deleting the old session) makes and stores: the old session stays as it is until the
   * new one is stored, then its record becomes a mark of the replacement. So a request sent
   * with the old cookie never finds the session missing, which would clear the cookie, or
   * start an anonymous session whose cookie would replace the new one in the browser: it is
   * refused with 409 (`SessionReplacedException`) and sets no cookie. When `regenerate` fails,
   * the old session is left as it was.
   */
  async replace(session: FastifySessionObject, regenerate: () => Promise<void>): Promise<void> {
    const { sessionId } = session;
    // Never stored, so its cookie was never sent: nothing to mark.
    if (session.createdAt === undefined) return regenerate();
    this.replacing.add(sessionId);
    try {
      await regenerate();
    } finally {
      this.replacing.delete(sessionId);
    }
    const at = this.locate(sessionId);
    this.nearCache?.invalidate([at.key]);
    await this.write(
      at.field !== '',
      'sessionReplace',
      at.key,
      at.field,
      replacedMark(nowSeconds()),
      REPLACED_MARK_SECONDS * 1000,
    );
  }

  /** The user's credential version: read it before checking credentials, sign in with it. */
  async credentialVersionOf(userId: string): Promise<number> {
    return Number((await this.redis.hget(this.userKeyOf(userId), CREDENTIAL_VERSION_FIELD)) ?? 0);
  }

  /**
   * After a change of a user's password or roles: ends every session of the user and refuses
   * every sign-in that read the credentials before it. Resolves to the new credential version.
   */
  revokeCredentials(userId: string): Promise<number> {
    const key = this.userKeyOf(userId);
    this.nearCache?.invalidate([key]);
    const { idleTimeoutSeconds, absoluteTimeoutSeconds } = this.options;
    return this.write<number>(
      true,
      'sessionRevokeCredentials',
      key,
      nowSeconds(),
      idleTimeoutSeconds,
      absoluteTimeoutSeconds,
      CREDENTIAL_VERSION_KEEP_MS,
    );
  }

  /** Deletes a session. */
  async remove(sessionId: string): Promise<void> {
    const at = this.locate(sessionId);
    this.nearCache?.invalidate([at.key]);
    // Ending a signed-in session must outlive a failover; an anonymous one holds no privilege.
    await (at.field === '' ? this.write(false, 'del', at.key) : this.write(true, 'hdel', at.key, at.field));
  }

  /** The user's live sessions, most recently seen first. */
  async listForUser(userId: string): Promise<SessionSummary[]> {
    const stored = await this.redis.hgetall(this.userKeyOf(userId));
    const now = nowSeconds();
    const sessions = Object.entries(stored)
      .map(([id, record]) => ({ id, session: decodeSessionRecord(record) }))
      .filter(
        (entry): entry is { id: string; session: Session } =>
          entry.session?.user?.id === userId &&
          this.remainingSeconds(entry.session, now) > 0 &&
          !this.isIdle(entry.session, now),
      );
    const agentIds = [...new Set(sessions.map(({ session }) => session.userAgentId).filter((id) => id !== undefined))];
    const agents = new Map<string, string | null>();
    if (agentIds.length > 0) {
      const keys = agentIds.map((id) => this.userAgentKey(id));
      // Each User-Agent key is in a slot of its own on a cluster, where MGET cannot span slots.
      const found =
        this.client instanceof Cluster
          ? await Promise.all(keys.map((key) => this.redis.get(key)))
          : await this.redis.mget(keys);
      agentIds.forEach((id, index) => agents.set(id, found[index]));
    }
    return sessions
      .map(({ id, session }) => ({
        id,
        createdAt: new Date(session.createdAt! * 1000),
        lastSeenAt: new Date(session.touchedAt! * 1000),
        ip: session.ip ?? null,
        userAgent: (session.userAgentId && agents.get(session.userAgentId)) ?? null,
      }))
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  }

  /** Ends one session of a user by its public id; `false` when the user has no such session. */
  async destroyForUser(userId: string, publicId: string): Promise<boolean> {
    if (!isPublicId(publicId)) return false;
    const key = this.userKeyOf(userId);
    this.nearCache?.invalidate([key]);
    return (await this.write<number>(true, 'hdel', key, publicId)) === 1;
  }

  /** Ends every session of a user, but the one with `keepSessionId` if given; returns how many ended. */
  destroyAllForUser(userId: string, keepSessionId?: string): Promise<number> {
    const key = this.userKeyOf(userId);
    this.nearCache?.invalidate([key]);
    const keep = keepSessionId ? this.publicIdOf(keepSessionId) : '';
    const { idleTimeoutSeconds, absoluteTimeoutSeconds } = this.options;
    return this.write<number>(
      true,
      'sessionDestroyOthers',
      key,
      keep,
      nowSeconds(),
      idleTimeoutSeconds,
      absoluteTimeoutSeconds,
    );
  }

  get(sessionId: string, callback: Callback<Session | null>): void {
    this.load(sessionId).then(
      (session) => {
        this.metrics.loaded(session !== null && session !== REPLACED_SESSION);
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
    this.save(sessionId, session).then((written) => {
      if (written) this.metrics.wrote(session);
      callback();
    }, callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    if (this.replacing.has(sessionId)) return callback();
    this.remove(sessionId).then(() => callback(), callback);
  }

  /**
   * A write of the store. One that ends or starts a signed-in session (`durable`) is followed
   * by `WAIT` for `replicaWait` replicas in the same round trip, and fails as Redis unavailable
   * when fewer acknowledge in time: it was applied on the master, and the client's retry
   * repeats it harmlessly. Without `replicaWait` (a single Redis), or not durable, no `WAIT`.
   */
  private async write<T = unknown>(durable: boolean, command: DurableWrite, ...args: (string | number)[]): Promise<T> {
    const wait = durable ? this.options.replicaWait : null;
    const commands = this.redis as unknown as Record<DurableWrite, (...values: (string | number)[]) => Promise<T>>;
    if (!wait) return commands[command](...args);
    const started = process.hrtime.bigint();
    let failed = true;
    try {
      const [reply] = await writeAndWaitForReplicas(this.client, wait, (pipeline) =>
        (pipeline as unknown as Record<DurableWrite, (...values: (string | number)[]) => unknown>)[command](...args),
      );
      failed = false;
      return reply as T;
    } finally {
      this.metrics.callEnded(command, Number(process.hrtime.bigint() - started) / 1e9, failed);
    }
  }

  private locate(sessionId: string): SessionLocation {
    let at = this.locations.get(sessionId);
    if (at === undefined) {
      const publicId = publicIdOf(sessionId);
      const userTag = userTagOfSession(sessionId);
      at =
        userTag === null
          ? { key: this.options.keyPrefix + publicId, field: '', userTag, publicId }
          : { key: `${this.options.keyPrefix}user:${userTag}`, field: publicId, userTag, publicId };
      this.locations.set(sessionId, at);
    }
    return at;
  }

  /**
   * The record at a location: from the near cache when it holds a live copy, from Redis
   * otherwise (and then kept in the near cache, unless it changed while it was read).
   */
  private async readRecord({ key, field }: SessionLocation): Promise<string | null> {
    const cache = this.nearCache;
    if (!cache) return this.readFromRedis(key, field);
    await afterPendingIo();
    const cached = cache.get(key, field);
    if (cached !== undefined) return cached;
    const read = cache.beginRead(key, field);
    let record: string | null = null;
    try {
      record = await this.readFromRedis(key, field);
      return record;
    } finally {
      cache.endRead(read, record);
    }
  }

  /**
   * The record at `key` and `field` in Redis. A key of another type is a session stored by an
   * earlier version of this store, in another layout: no session, not an error on every request.
   */
  private async readFromRedis(key: string, field: string): Promise<string | null> {
    try {
      return await this.reads.read(key, field);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return null;
      throw error;
    }
  }

  /**
   * Keeps a `User-Agent` once for every session that shares it, for as long as a session
   * signing in now can live, and names it in the session.
   */
  private keepUserAgent(userAgent: string, session: Session): Promise<unknown> {
    session.userAgentId = userAgentIdOf(userAgent);
    return this.redis.set(this.userAgentKey(session.userAgentId), userAgent, 'EX', this.options.absoluteTimeoutSeconds);
  }

  /**
   * Says that a touch failed once per touch interval rather than once per request (each failure
   * is counted by the metrics as a failed `sessionTouch` call).
   */
  private touchFailed(error: unknown): void {
    const now = Date.now();
    if (now - this.touchFailureLoggedAt < this.options.touchIntervalSeconds * 1000) return;
    this.touchFailureLoggedAt = now;
    this.logger.warn(`idle expiry not extended (${(error as Error).message}); requests are served meanwhile`);
  }

  private userAgentKey(userAgentId: string): string {
    return `${this.options.keyPrefix}ua:${userAgentId}`;
  }

  /**
   * Whether the session has been unused for longer than the idle timeout, as its last-seen time
   * tells: that time moves once per touch interval, in whole seconds, so a session ends between
   * a touch interval early and a second late, after its last request.
   */
  private isIdle(session: Session, now: number): boolean {
    return now - session.touchedAt! > this.options.idleTimeoutSeconds;
  }

  /** Seconds the session may still live: the idle timeout, cut short by the absolute one. */
  private remainingSeconds(session: Session, now: number): number {
    const { absoluteTimeoutSeconds, anonymousTimeoutSeconds } = this.options;
    const lifetime = session.user ? absoluteTimeoutSeconds : Math.min(absoluteTimeoutSeconds, anonymousTimeoutSeconds);
    const absoluteEnd = session.createdAt! + lifetime;
    return Math.min(this.options.idleTimeoutSeconds, absoluteEnd - now);
  }
}

/** A new session not made by `SessionService` holds none of the values the library keeps. */
function assertNoReservedValues(session: Session): void {
  for (const name of ['user', 'createdAt', 'ip', 'userAgent', 'userAgentId'] as const) {
    if (session[name] !== undefined) throw reservedName(name);
  }
}

/** A loaded session's values that the library keeps are changed by `SessionService` alone. */
function assertReservedUnchanged(changed: number[]): void {
  for (const [position, name] of RESERVED_POSITIONS) {
    if (changed.includes(position)) throw reservedName(name);
  }
}

function reservedName(name: string): Error {
  return new Error(
    `SessionModule: session.${name} is kept by the session library and cannot be set through the session; ` +
      'sign in, renew and sign out with SessionService, and keep app data under names of your own (SessionData)',
  );
}

function dataTooLarge(limit: number, size?: number): Error {
  return new Error(
    `SessionModule: the session's data ${size === undefined ? 'would exceed' : `takes ${size} bytes, over`} ` +
      `the limit of ${limit} bytes (option maxDataBytes); nothing was written`,
  );
}

/** The app's values that changed since the session was loaded: new JSON text, or false when gone. */
function changedData(before: EncodedSession, after: EncodedSession): Record<string, string | false> | null {
  let changes: Record<string, string | false> | null = null;
  for (const name in after.data) {
    if (before.data[name] !== after.data[name]) (changes ??= {})[name] = after.data[name];
  }
  for (const name in before.data) {
    if (!(name in after.data)) (changes ??= {})[name] = false;
  }
  return changes;
}
