/**
 * The store's Lua scripts: each change of a session and of its user's index is one atomic
 * step, so no replica ever sees one without the other.
 *
 * Keys: `<prefix><id>` is a session (a hash); `<prefix>user:<userId>` is the user's index, a
 * sorted set of session ids (the public ones, see `RedisSessionStore.keyOf`) scored by expiry
 * time in ms, pruned of expired members whenever it is written or read.
 */

/**
 * KEYS: session, index (the session key again when there is no user).
 * ARGV: mode ('new' | 'update'), ttl ms, expiry ms, member, now ms, count of pairs, pairs...,
 * fields to delete... An update lands only on a session that still exists, so a request still
 * running when its session was destroyed cannot bring it back; it writes only the fields that
 * request changed, so concurrent requests changing different fields both keep their change.
 */
export const SAVE_SESSION = `
if ARGV[1] ~= 'new' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local pairs = tonumber(ARGV[6])
if ARGV[1] == 'new' then redis.call('DEL', KEYS[1]) end
if pairs > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 7, 6 + 2 * pairs)) end
if #ARGV > 6 + 2 * pairs then redis.call('HDEL', KEYS[1], unpack(ARGV, 7 + 2 * pairs)) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if KEYS[2] ~= KEYS[1] then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
end
return 1`;

/**
 * Slides the idle expiry of an existing session (PEXPIRE creates nothing) and its index entry.
 * KEYS: session, index (or the session again). ARGV: ttl ms, now s, expiry ms, member.
 */
export const TOUCH_SESSION = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'ts', ARGV[2])
if KEYS[2] ~= KEYS[1] then
  redis.call('ZADD', KEYS[2], 'XX', ARGV[3], ARGV[4])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
end
return 1`;

/** KEYS: session. ARGV: index key prefix, member. Deletes the session and its index entry. */
export const DESTROY_SESSION = `
local user = redis.call('HGET', KEYS[1], 'u')
redis.call('DEL', KEYS[1])
if user then redis.call('ZREM', ARGV[1] .. user, ARGV[2]) end
return 1`;

/** KEYS: index. ARGV: session key prefix, member. Ends one session of this user only. */
export const REVOKE_SESSION = `
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[2])
return redis.call('DEL', ARGV[1] .. ARGV[2])`;

/** KEYS: index. ARGV: session key prefix, member to keep (or ''). Ends the others. */
export const REVOKE_ALL_SESSIONS = `
local ended = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if member ~= ARGV[2] then
    ended = ended + redis.call('DEL', ARGV[1] .. member)
    redis.call('ZREM', KEYS[1], member)
  end
end
return ended`;

/** KEYS: index. ARGV: now ms. Prunes expired members and returns the live ones. */
export const LIST_SESSIONS = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`;
