import { randomBytes, randomUUID } from 'node:crypto';
import { Session } from 'fastify';
import Redis from 'ioredis';
import { RedisSessionStore } from '@app/session/redis-session.store';
import { resolveSessionOptions } from '@app/session/resolve-session-options';
import { SESSION_CREDENTIAL_VERSION } from '@app/session/session-credential-version';
import { generateSessionId } from '@app/session/session-id';
import { median } from './load';
import { commandsSoFar, usedMemory } from './redis-counters';
import { SIGNED_IN_USER_AGENT } from './session-fill';

const CONCURRENCY = 256;
const LISTINGS = 200;
const ENDINGS = 100;
const SESSIONS_OF_USER = 3;
const TOUCHES = 20;

/** Redis memory of a signed-in session, from the store's own writes. */
export interface MemoryFigure {
  sessions: number;
  bytesPerSession: number;
  /** `MEMORY USAGE` of one user's hash (its one session) and of the `User-Agent` key they share. */
  userHashBytes: number;
  userAgentKeyBytes: number;
}

/** What listing and ending one user's sessions costs. */
export interface UserSessionsCost {
  otherUsers: number;
  listCommands: number;
  listMicros: number;
  endCommands: number;
  endMicros: number;
}

/** What a read costs when it also slides the session's idle expiry (once per touch interval). */
export interface TouchCost {
  commandsPerTouchedRead: number;
  touchIntervalSeconds: number;
}

export function createBenchStore(redis: Redis, touchIntervalSeconds?: number): RedisSessionStore {
  return new RedisSessionStore(
    redis,
    resolveSessionOptions({ secrets: [randomBytes(32).toString('hex')], touchIntervalSeconds }),
  );
}

/** A session as `SessionService.signIn` makes it, for a new user (whose credential version is 0). */
function signedInSession(userId = randomUUID()): Session {
  return {
    user: { id: userId, email: `${userId.slice(0, 8)}@example.com`, roles: ['user'] },
    ip: '203.0.113.7',
    userAgent: SIGNED_IN_USER_AGENT,
    [SESSION_CREDENTIAL_VERSION]: 0,
  } as unknown as Session;
}

/**
 * Saves `count` signed-in sessions (one user each, the costly case: a hash per session) through
 * the store, and returns the `used_memory` growth per session, the one `User-Agent` they share
 * included. Expects an empty Redis.
 */
export async function measureMemoryPerSession(redis: Redis, count: number): Promise<MemoryFigure> {
  const store = createBenchStore(redis);
  const before = await usedMemory(redis);
  let next = 0;
  let lastId = '';
  let userAgentId = '';
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const session = signedInSession();
      const id = generateSessionId(session.user!.id);
      lastId = id;
      await store.save(id, session);
      // The store names the User-Agent's key in the session as it saves it.
      userAgentId = session.userAgentId!;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  const after = await usedMemory(redis);
  return {
    sessions: count,
    bytesPerSession: Math.round((after - before) / count),
    userHashBytes: Number(await redis.memory('USAGE', store.keyOf(lastId))),
    userAgentKeyBytes: Number(await redis.memory('USAGE', `sess:ua:${userAgentId}`)),
  };
}

/**
 * Redis commands of a read that finds the session due a touch: the read, and the script that
 * sets the session's last-seen time and slides its user's hash's expiry. The rows of the table
 * measure reads that change nothing; this is what one read a session pays once per touch interval.
 */
export async function measureTouchCost(redis: Redis): Promise<TouchCost> {
  const store = createBenchStore(redis, 1);
  const sessions = Array.from({ length: TOUCHES }, () => signedInSession());
  const ids = sessions.map((session) => generateSessionId(session.user!.id));
  await Promise.all(ids.map((id, index) => store.save(id, sessions[index])));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const before = await commandsSoFar(redis);
  for (const id of ids) await store.load(id);
  return {
    commandsPerTouchedRead: ((await commandsSoFar(redis)) - before) / TOUCHES,
    touchIntervalSeconds: resolveSessionOptions({ secrets: ['x'.repeat(32)] }).touchIntervalSeconds,
  };
}

/** A Redis holding `otherUsers` users besides the one whose sessions are measured. */
export interface UserSessionsTarget {
  redis: Redis;
  otherUsers: number;
}

/**
 * Lists, then ends, the sessions of one user who has three, on each target (a Redis with its
 * other users), the targets taking turns operation by operation: Redis commands per operation
 * and the median time of one, in microseconds, per target.
 */
export async function measureUserSessionsCosts(targets: UserSessionsTarget[]): Promise<UserSessionsCost[]> {
  const users = targets.map(({ redis }) => ({ store: createBenchStore(redis), userId: randomUUID() }));
  const signIn = ({ store, userId }: (typeof users)[number]): Promise<boolean[]> =>
    Promise.all(
      Array.from({ length: SESSIONS_OF_USER }, () => store.save(generateSessionId(userId), signedInSession(userId))),
    );
  const costs = targets.map(() => ({
    listTimes: [] as number[],
    endTimes: [] as number[],
    endCommands: 0,
  }));

  await Promise.all(users.map(signIn));
  // Each target is a Redis of its own, so the listings are counted once around all of them; the
  // endings one by one, as a sign-in comes before each.
  const commandsOfTargets = (): Promise<number[]> => Promise.all(targets.map(({ redis }) => commandsSoFar(redis)));
  const listBefore = await commandsOfTargets();
  for (let i = 0; i < LISTINGS; i++) {
    for (const [index, { store, userId }] of users.entries()) {
      const started = process.hrtime.bigint();
      const sessions = await store.listForUser(userId);
      costs[index].listTimes.push(Number(process.hrtime.bigint() - started) / 1000);
      if (sessions.length !== SESSIONS_OF_USER)
        throw new Error(`Listed ${sessions.length} sessions, expected ${SESSIONS_OF_USER}`);
    }
  }
  const listAfter = await commandsOfTargets();
  for (let i = 0; i < ENDINGS; i++) {
    for (const [index, user] of users.entries()) {
      if (i > 0) await signIn(user);
      const before = await commandsSoFar(targets[index].redis);
      const started = process.hrtime.bigint();
      const ended = await user.store.destroyAllForUser(user.userId);
      costs[index].endTimes.push(Number(process.hrtime.bigint() - started) / 1000);
      costs[index].endCommands += (await commandsSoFar(targets[index].redis)) - before;
      if (ended !== SESSIONS_OF_USER) throw new Error(`Ended ${ended} sessions, expected ${SESSIONS_OF_USER}`);
    }
  }
  return costs.map((cost, index) => ({
    otherUsers: targets[index].otherUsers,
    listCommands: (listAfter[index] - listBefore[index]) / LISTINGS,
    listMicros: Math.round(median(cost.listTimes)),
    endCommands: cost.endCommands / ENDINGS,
    endMicros: Math.round(median(cost.endTimes)),
  }));
}
