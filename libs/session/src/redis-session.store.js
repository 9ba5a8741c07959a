"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RedisSessionStore = void 0;
const node_crypto_1 = require("node:crypto");
const redis_1 = require("../../redis/src");
const session_record_1 = require("./session-record");
const session_unavailable_exception_1 = require("./session-unavailable.exception");
const WRITE_SCRIPT = `
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
const TOUCH_SCRIPT = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'ts', ARGV[2])
  return 1
end
return 0`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
class RedisSessionStore {
    options;
    redis;
    constructor(redis, options) {
        this.options = options;
        redis.defineCommand('sessionWrite', { numberOfKeys: 1, lua: WRITE_SCRIPT });
        redis.defineCommand('sessionTouch', { numberOfKeys: 1, lua: TOUCH_SCRIPT });
        this.redis = redis;
    }
    keyOf(sessionId) {
        const digest = (0, node_crypto_1.createHash)('sha256').update(sessionId).digest('base64url');
        return this.options.keyPrefix + digest.slice(0, 22);
    }
    async load(sessionId) {
        const key = this.keyOf(sessionId);
        const session = (0, session_record_1.decodeSessionRecord)(await this.redis.hgetall(key));
        if (!session)
            return null;
        const now = nowSeconds();
        const ttlSeconds = this.remainingSeconds(session, now);
        if (ttlSeconds <= 0) {
            await this.redis.del(key);
            return null;
        }
        if (now - session.touchedAt >= this.options.touchIntervalSeconds) {
            session.touchedAt = now;
            await this.redis.sessionTouch(key, ttlSeconds * 1000, now);
        }
        return session;
    }
    async save(sessionId, session) {
        if (session.storeUnavailable)
            throw new session_unavailable_exception_1.SessionUnavailableException();
        const now = nowSeconds();
        const isNew = session.createdAt === undefined;
        if (isNew)
            session.createdAt = now;
        session.touchedAt = now;
        const key = this.keyOf(sessionId);
        const ttlSeconds = this.remainingSeconds(session, now);
        if (ttlSeconds <= 0) {
            await this.redis.del(key);
            return;
        }
        await this.redis.sessionWrite(key, isNew ? '1' : '0', ttlSeconds * 1000, ...(0, session_record_1.encodeSessionRecord)(session));
    }
    async remove(sessionId) {
        await this.redis.del(this.keyOf(sessionId));
    }
    get(sessionId, callback) {
        this.load(sessionId).then((session) => callback(null, session), (error) => (0, redis_1.isRedisUnavailableError)(error) ? callback(null, { storeUnavailable: true }) : callback(error));
    }
    set(sessionId, session, callback) {
        this.save(sessionId, session).then(() => callback(), callback);
    }
    destroy(sessionId, callback) {
        this.remove(sessionId).then(() => callback(), callback);
    }
    remainingSeconds(session, now) {
        const absoluteEnd = session.createdAt + this.options.absoluteTimeoutSeconds;
        return Math.min(this.options.idleTimeoutSeconds, absoluteEnd - now);
    }
}
exports.RedisSessionStore = RedisSessionStore;
//# sourceMappingURL=redis-session.store.js.map