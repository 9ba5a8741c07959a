import Redis from 'ioredis';
import { decodeSessionRecord, SESSION_FIELD } from '@app/session/session-record';

const BATCH = 10_000;
const IDLE_TTL_MS = 1_800_000;
/** A browser's `User-Agent` as `SessionService.signIn` keeps it: its first 64 characters. */
export const SIGNED_IN_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'.slice(
  0,
  64,
);

// Writes signed-in sessions numbered ARGV[1] .. ARGV[1] + ARGV[2] - 1 exactly as the store's
// save script leaves them: a hash under <prefix><public id> and the user's index (a sorted set
// of public ids scored by expiry in ms), both expiring after the idle timeout. One user each.
const FILL_SESSIONS = `
local first, count, now, ttl, prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
for i = first, first + count - 1 do
  local id = string.format('%022d', i)
  local user = string.format('%08x-0000-4000-8000-%012x', i, i)
  local key = prefix .. id
  redis.call('HSET', key, ARGV[6], now, ARGV[7], now, ARGV[8], user, ARGV[9], 'user' .. i .. '@example.com',
    ARGV[10], 'user', ARGV[11], '203.0.113.7', ARGV[12], ARGV[13])
  redis.call('PEXPIRE', key, ttl)
  local index = prefix .. 'user:' .. user
  redis.call('ZADD', index, now * 1000 + ttl, id)
  redis.call('PEXPIRE', index, ttl)
end
return count`;

/**
 * Stores sessions `first` .. `first + count - 1` (each of its own user) in the store's record
 * format, in batches of one script call each: far faster than a million store round trips.
 * Checks that the first one reads back as a session, so the format cannot drift unnoticed.
 */
export async function fillSessions(redis: Redis, first: number, count: number, keyPrefix = 'sess:'): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const F = SESSION_FIELD;
  const fields = [F.createdAt, F.touchedAt, F.userId, F.email, F.roles, F.ip, F.userAgent, SIGNED_IN_USER_AGENT];
  for (let start = first; start < first + count; start += BATCH) {
    const size = Math.min(BATCH, first + count - start);
    await redis.eval(FILL_SESSIONS, 0, start, size, now, IDLE_TTL_MS, keyPrefix, ...fields);
  }
  if (count > 0) {
    const stored = decodeSessionRecord(await redis.hgetall(`${keyPrefix}${String(first).padStart(22, '0')}`));
    if (!stored?.user)
      throw new Error('The filled sessions do not read back as signed-in sessions: the record format changed');
  }
}
