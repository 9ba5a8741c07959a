import { createHash } from 'node:crypto';
import { SessionStore } from '@fastify/session';
import { Session } from 'fastify';
import Redis from 'ioredis';
import { isRedisUnavailableError } from '@app/redis';
import { decodeSessionRecord, encodeSessionRecord } from './session-record';
import { ResolvedSessionOptions } from './session-options.interface';
import { SessionUnavailableException } from './session-unavailable.exception';

// Writes land only on a session that still exists (or is new), so a request still running
// when its session is destroyed cannot bring it back.
const WRITE_SCRIPT = `
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// Slides the idle expiry of an existing session; PEXPIRE on a missing key creates nothing.
const TOUCH_SCRIPT = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'ts', ARGV[2])
  return 1
end
return 0`;

interface SessionScripts {
  sessionWrite(key: string, isNew: '0' | '1', ttlMs: number, ...fields: string[]): Promise<number>;
  sessionTouch(key: string, ttlMs: number, now: number): Promise<number>;
}

type Callback<T = void> = (error?: unknown, result?: T) => void;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The `@fastify/session` store, on `ioredis`. One read (`HGETALL`) per request that carries a
 * session cookie; a write only when the session changed, plus a touch at most once per touch
 * interval. Keys are a hash of the session id, so the keyspace holds no usable session ids.
 *
 * @publicApi
 */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis & SessionScripts;

  constructor(
    redis: Redis,
    private readonly options: ResolvedSessionOptions,
  ) {
    redis.defineCommand('sessionWrite', { numberOfKeys: 1, lua: WRITE_SCRIPT });
    redis.defineCommand('sessionTouch', { numberOfKeys: 1, lua: TOUCH_SCRIPT });
    this.redis = redis as Redis & SessionScripts;
  }

  /** The Redis key of a session id. */
  keyOf(sessionId: string): string {
    const digest = createHash('sha256').update(sessionId).digest('base64url');
    return this.options.keyPrefix + digest.slice(0, 22);
  }

  /** Reads a live session, or `null` when it does not exist or has outlived its timeouts. */
  async load(sessionId: string): Promise<Session | null> {
    const key = this.keyOf(sessionId);
    const session = decodeSessionRecord(await this.redis.hgetall(key));
    if (!session) return null;

    const now = nowSeconds();
    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0) {
      await this.redis.del(key);
      return null;
    }
    if (now - session.touchedAt! >= this.options.touchIntervalSeconds) {
      session.touchedAt = now;
      await this.redis.sessionTouch(key, ttlSeconds * 1000, now);
    }
    return session;
  }

  /** Writes the whole session; a session destroyed meanwhile stays destroyed. */
  async save(sessionId: string, session: Session): Promise<void> {
    if (session.storeUnavailable) throw new SessionUnavailableException();
    const now = nowSeconds();
    const isNew = session.createdAt === undefined;
    if (isNew) session.createdAt = now;
    session.touchedAt = now;

    const key = this.keyOf(sessionId);
    const ttlSeconds = this.remainingSeconds(session, now);
    if (ttlSeconds <= 0) {
      await this.redis.del(key);
      return;
    }
    await this.redis.sessionWrite(key, isNew ? '1' : '0', ttlSeconds * 1000, ...encodeSessionRecord(session));
  }

  /** Deletes a session server-side. */
  async remove(sessionId: string): Promise<void> {
    await this.redis.del(this.keyOf(sessionId));
  }

  get(sessionId: string, callback: Callback<Session | null>): void {
    this.load(sessionId).then(
      (session) => callback(null, session),
      (error: unknown) =>
        // An unknown session is not an empty one: answering "none" would make the plugin clear
        // the client's cookie during a Redis blip. The marker lets public routes go on and makes
        // every route that needs the session answer 503.
        isRedisUnavailableError(error) ? callback(null, { storeUnavailable: true } as Session) : callback(error),
    );
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    this.save(sessionId, session).then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.remove(sessionId).then(() => callback(), callback);
  }

  /** Seconds the session may still live: the idle timeout, cut short by the absolute one. */
  private remainingSeconds(session: Session, now: number): number {
    const absoluteEnd = session.createdAt! + this.options.absoluteTimeoutSeconds;
    return Math.min(this.options.idleTimeoutSeconds, absoluteEnd - now);
  }
}
