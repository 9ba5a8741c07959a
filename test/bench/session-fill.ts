import { randomBytes } from 'node:crypto';
import { Session } from 'fastify';
import Redis from 'ioredis';
import { RedisSessionStore } from '@app/session/redis-session.store';
import { resolveSessionOptions } from '@app/session/resolve-session-options';
import { generateSessionId, publicIdOf, userAgentIdOf } from '@app/session/session-id';
import { encodeSession, recordOf } from '@app/session/session-record';

const BATCH = 10_000;
/** A browser's `User-Agent`, whole, as `SessionService.signIn` keeps it. */
export const SIGNED_IN_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

// Writes signed-in sessions exactly as the store's save script leaves them: the record as the
// field <public id> of its user's hash, which expires after the idle timeout. ARGV: the ttl in
// ms, then a user's hash, a field and a record for each session.
const FILL_SESSIONS = `
local ttl = ARGV[1]
for i = 2, #ARGV, 3 do
  redis.call('HSET', ARGV[i], ARGV[i + 1], ARGV[i + 2])
  redis.call('PEXPIRE', ARGV[i], ttl)
end
return (#ARGV - 1) / 3`;

/** The user of filled session `number`: one user each, a UUID as the auth app makes. */
const userOf = (number: number): string => {
  const hex = number.toString(16);
  return `${hex.padStart(8, '0')}-0000-4000-8000-${hex.padStart(12, '0')}`;
};

/**
 * Stores signed-in sessions `first` .. `first + count - 1` (each of its own user, with the one
 * shared `User-Agent`) in the store's layout, in batches of one script call each: far faster
 * than a million store round trips. Their ids are made as the app makes them, and each is
 * stored where the store looks for it; the first one is read back through the store, so the
 * layout and the record format cannot drift unnoticed.
 */
export async function fillSessions(redis: Redis, first: number, count: number, keyPrefix = 'sess:'): Promise<void> {
  const options = resolveSessionOptions({ secrets: [randomBytes(32).toString('hex')], keyPrefix });
  const store = new RedisSessionStore(redis, options);
  const now = Math.floor(Date.now() / 1000);
  // The User-Agent is kept once, under the id the store gives it.
  const userAgentId = userAgentIdOf(SIGNED_IN_USER_AGENT);
  await redis.set(`${keyPrefix}ua:${userAgentId}`, SIGNED_IN_USER_AGENT, 'EX', options.absoluteTimeoutSeconds);
  let firstId = '';
  for (let start = first; start < first + count; start += BATCH) {
    const sessions: string[] = [];
    for (let number = start; number < Math.min(start + BATCH, first + count); number++) {
      const userId = userOf(number);
      const id = generateSessionId(userId);
      firstId ||= id;
      const session = {
        createdAt: now,
        touchedAt: now,
        user: { id: userId, email: `user${number}@example.com`, roles: ['user'] },
        ip: '203.0.113.7',
        userAgentId,
      } as Session;
      // The field is the session's public id (the pure function: the store's method also
      // remembers each id, and a million would churn that cache).
      sessions.push(store.userKeyOf(userId), publicIdOf(id), JSON.stringify(recordOf(encodeSession(session))));
    }
    await redis.eval(FILL_SESSIONS, 0, options.idleTimeoutSeconds * 1000, ...sessions);
  }
  if (count > 0) {
    const stored = await store.load(firstId);
    if (stored?.user?.id !== userOf(first) || (await redis.get(`${keyPrefix}ua:${stored.userAgentId}`)) === null)
      throw new Error('The filled sessions do not read back as signed-in sessions: the store layout changed');
  }
}
