import { userTagOf } from '@app/session/session-id';
import { countRedisCommands, pollUntil, RedisMode, ROUTE_TABLE } from '@app/stack';
import { askRedis } from '@app/stack/ask-redis';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';
const ROUNDS = 10;
const WITHIN_MS = 10;

/**
 * Two replicas of auth with the near cache on, started before the describe's tests and stopped
 * after them, and what those tests do with them. `mode` overrides `TEST_REDIS_MODE`.
 */
function nearCacheStack(mode?: RedisMode) {
  let running: TestStack | undefined;
  let counter = 0;

  beforeAll(async () => {
    running = await startTestStack({
      redisMode: mode,
      replicas: 2,
      apps: ROUTE_TABLE.filter(({ app }) => app === 'auth'),
      env: { SESSION_NEAR_CACHE_MAX_ENTRIES: '1000', REGISTER_MAX_PER_WINDOW: '1000' },
    });
  });

  afterAll(async () => {
    await running?.stop();
  });

  const replica = (name: string): string => running!.stack.replicas.find((candidate) => candidate.name === name)!.url;
  const nextEmail = (): string => `near${++counter}@example.com`;

  /** `GET /auth/me` of `client` on replica `name`, and whether it was answered from memory (no Redis read). */
  const meOn = async (name: string, client: HttpClient): Promise<{ status: number; fromMemory: boolean }> => {
    const before = await sessionReadsOf(replica(name));
    const { status } = await client.at(replica(name)).get('/auth/me');
    return { status, fromMemory: status === 200 && (await sessionReadsOf(replica(name))) === before };
  };

  /** Resolves once replica 2 answers `client` from memory (its listener may still be connecting). */
  const untilServedFromMemory = async (client: HttpClient): Promise<void> => {
    const served = await pollUntil(async () => (await meOn('2', client)).fromMemory, {
      timeoutMs: 3000,
      intervalMs: 50,
      abandon: () => false,
    });
    if (served !== 'ready') throw new Error('replica 2 still reads every session from Redis');
  };

  return {
    running: (): TestStack => running!,
    replica,
    nextEmail,

    /** A client signed in through replica 1, whose session replica 2 has in its near cache. */
    async signedInEverywhere(email = nextEmail(), register = true): Promise<HttpClient> {
      const client = new HttpClient(replica('1'));
      if (register) expect((await client.post('/auth/register', { email, password })).status).toBe(201);
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      const onTwo = client.at(replica('2'));
      for (let i = 0; i < 2; i++) expect((await onTwo.get('/auth/me')).status).toBe(200);
      return client;
    },

    meOn,
    untilServedFromMemory,
  };
}

/**
 * Redis reads of the session store of the replica at `url` so far, answered or failed (from its
 * metrics): exact per replica, whatever the Redis deployment, even while a node is dead.
 */
async function sessionReadsOf(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/auth/metrics`)).text();
  const reads = /^session_redis_duration_seconds_count\{[^}]*operation="read"[^}]*\} (\d+)$/m.exec(metrics);
  return Number(reads?.[1] ?? 0);
}

const cookieOf = (client: HttpClient): string => `sid=${client.cookies.get('sid')}`;
const medianOf = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Sends `request` as soon as `ended` resolves, and returns the answer and how long after the end it was sent. */
async function rightAfter(
  ended: Promise<{ status: number }>,
  expected: number,
  request: () => Promise<{ status: number }>,
): Promise<{ status: number; sentAfterMs: number }> {
  expect((await ended).status).toBe(expected);
  const endedAt = performance.now();
  const answer = request();
  const sentAfterMs = performance.now() - endedAt;
  return { status: (await answer).status, sentAfterMs };
}

describe('session near cache across replicas (real redis-server, real app processes)', () => {
  const { running, replica, nextEmail, signedInEverywhere, untilServedFromMemory } = nearCacheStack();

  it("answers a signed-in request from the replica's memory, without a Redis read", async () => {
    const client = (await signedInEverywhere()).at(replica('2'));
    await untilServedFromMemory(client);
    const { byCommand } = await countRedisCommands(running().observer, async () => {
      for (let i = 0; i < 20; i++) expect((await client.get('/auth/me')).status).toBe(200);
    });
    expect(byCommand).not.toHaveProperty('hget');
  });

  it(`refuses a session on the other replica right after a logout, ${ROUNDS} times out of ${ROUNDS}`, async () => {
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const client = await signedInEverywhere();
      const cookie = cookieOf(client);
      const { status, sentAfterMs } = await rightAfter(client.post('/auth/logout'), 204, () =>
        new HttpClient(replica('2')).get('/auth/me', { cookie }),
      );
      expect(status).toBe(401);
      delays.push(sentAfterMs);
    }
    // The requests were sent within the promised window: the 401s are not from waiting long.
    expect(medianOf(delays)).toBeLessThan(WITHIN_MS);
  });

  it('refuses a revoked session on the other replica right away', async () => {
    const email = nextEmail();
    const revoked = await signedInEverywhere(email);
    const other = await signedInEverywhere(email, false);
    const sessions = await other.get<{ id: string; current: boolean }[]>('/auth/sessions');
    const target = sessions.body.find((session) => !session.current)!;
    const cookie = cookieOf(revoked);

    const { status } = await rightAfter(other.delete(`/auth/sessions/${target.id}`), 204, () =>
      new HttpClient(replica('2')).get('/auth/me', { cookie }),
    );
    expect(status).toBe(401);
  });

  it('refuses every session of a user on the other replica right after logout-all', async () => {
    const email = nextEmail();
    const first = await signedInEverywhere(email);
    const second = await signedInEverywhere(email, false);
    const cookies = [cookieOf(first), cookieOf(second)];

    expect((await first.post('/auth/logout-all')).status).toBe(204);
    for (const cookie of cookies)
      expect((await new HttpClient(replica('2')).get('/auth/me', { cookie })).status).toBe(401);
  });

  it('stops serving from memory when its invalidation connection is lost', async () => {
    const client = await signedInEverywhere();
    const cookie = cookieOf(client);
    const clients = (await running().observer.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const id = /id=(\d+) .*name=auth-2:invalidations /.exec(clients)?.[1];
    expect(id).toBeDefined();

    await running().observer.call('CLIENT', 'KILL', 'ID', id!);
    // Its invalidation is sent to no one: replica 2 must read Redis to know.
    expect((await client.post('/auth/logout')).status).toBe(204);
    expect((await new HttpClient(replica('2')).get('/auth/me', { cookie })).status).toBe(401);
    // And it comes back by itself.
    await untilServedFromMemory((await signedInEverywhere()).at(replica('2')));
  });
});

describe('session near cache behind Sentinel, across a failover (real redis-server, sentinels, app processes)', () => {
  const { running, replica, signedInEverywhere, untilServedFromMemory } = nearCacheStack('sentinel');

  it('serves nothing from memory once the master is killed, again only with tracking on the new master, and hears its revocations', async () => {
    const { sentinel } = running().deployment;
    const before = await signedInEverywhere();
    await untilServedFromMemory(before.at(replica('2')));

    const master = await sentinel!.master();
    const killedAt = Date.now();
    await master.kill();
    // Once replica 2 has seen its invalidation connection close, its cached copy is no longer
    // served: the session answers 503 there until a master is back (a request handled in the
    // same event-loop turn as the close may still be served, as just before the kill).
    const dropped = await pollUntil(async () => (await before.at(replica('2')).get('/auth/me')).status === 503, {
      timeoutMs: 2000,
      intervalMs: 10,
      abandon: () => false,
    });
    expect(dropped).toBe('ready');
    await sentinel!.waitForNewMaster(master);
    // Both replicas serve the session written before the kill once they reach the new master.
    const serving = await pollUntil(
      async () =>
        (await Promise.all(['1', '2'].map((name) => before.at(replica(name)).get('/auth/me')))).every(
          (answer) => answer.status === 200,
        ),
      { timeoutMs: 10_000, intervalMs: 50, abandon: () => false },
    );
    expect(serving).toBe('ready');
    // Served from memory again: the invalidation connection reached the new master and turned
    // tracking on there (the observer counts that master's commands).
    const client = await signedInEverywhere();
    await untilServedFromMemory(client.at(replica('2')));
    process.stdout.write(
      `near cache behind Sentinel: serving from memory again ${Date.now() - killedAt} ms after the kill\n`,
    );

    // A sign-out on the new master reaches replica 2's cache: refused there right away. (Once
    // the other replica follows the new master: until then a sign-out's WAIT answers 503.)
    const replicated = await pollUntil(
      async () => /^slave\d+:.*state=online/m.test(await running().observer.info('replication')),
      { timeoutMs: 10_000, intervalMs: 50, abandon: () => false },
    );
    expect(replicated).toBe('ready');
    const cookie = cookieOf(client);
    const { status } = await rightAfter(client.post('/auth/logout'), 204, () =>
      new HttpClient(replica('2')).get('/auth/me', { cookie }),
    );
    expect(status).toBe(401);
  });
});

describe('session near cache on a Redis Cluster, across a master failover (3 masters, 3 replicas, app processes)', () => {
  const { running, replica, signedInEverywhere, meOn, untilServedFromMemory } = nearCacheStack('cluster');
  const cluster = () => running().deployment.cluster!;

  /** The key of `client`'s sessions (its user's hash). */
  async function sessionKeyOf(client: HttpClient): Promise<string> {
    const me = await client.get<{ id: string }>('/auth/me');
    return `sess:user:${userTagOf(me.body.id)}`;
  }

  /** The port of the master that holds `client`'s sessions now. */
  async function masterPortOf(client: HttpClient): Promise<number> {
    return (await cluster().masterOf(await sessionKeyOf(client))).port;
  }

  /** Signs in users until one has its sessions on each master: by master port. */
  async function oneOnEveryMaster(): Promise<Map<number, HttpClient>> {
    const masters = await cluster().masters();
    const byMaster = new Map<number, HttpClient>();
    // Users land on masters at random: 30 tries leave each of 3 masters empty once in 10^5.
    for (let tries = 0; tries < 30 && byMaster.size < masters.length; tries++) {
      const client = await signedInEverywhere();
      const port = await masterPortOf(client);
      if (!byMaster.has(port)) byMaster.set(port, client);
    }
    expect(byMaster.size).toBe(masters.length);
    return byMaster;
  }

  it('refuses at once, on the other replica, a session ended through one, on every master', async () => {
    const delays: number[] = [];
    for (const [port, client] of await oneOnEveryMaster()) {
      await untilServedFromMemory(client);
      const cookie = cookieOf(client);
      const { status, sentAfterMs } = await rightAfter(client.post('/auth/logout'), 204, () =>
        new HttpClient(replica('2')).get('/auth/me', { cookie }),
      );
      expect({ port, status }).toEqual({ port, status: 401 });
      delays.push(sentAfterMs);
    }
    // Sent within the promised window: the 401s are not from waiting long.
    expect(medianOf(delays)).toBeLessThan(WITHIN_MS);
  });

  it('hears at once the revocations of a replica promoted by a manual failover, its old master still up', async () => {
    const client = await signedInEverywhere();
    const sessionKey = await sessionKeyOf(client);
    const master = await cluster().masterOf(sessionKey);
    const [replicaNode] = await cluster().replicasOf(master);
    await untilServedFromMemory(client);

    // No connection closes and replica 2 sends no command: only invalidations can tell it of the
    // sign-out below.
    const startedAt = Date.now();
    await askRedis(replicaNode.port, (node) => node.cluster('FAILOVER'));
    const promoted = await pollUntil(async () => (await cluster().masterOf(sessionKey)).port === replicaNode.port, {
      timeoutMs: 10_000,
      intervalMs: 50,
      abandon: () => false,
    });
    expect(promoted).toBe('ready');
    process.stdout.write(`near cache on a cluster: manual failover done in ${Date.now() - startedAt} ms\n`);
    // Still in replica 2's memory, so the sign-out has a cached copy to reach.
    await untilServedFromMemory(client);

    const cookie = cookieOf(client);
    const loggedOut = await client.post('/auth/logout');
    const status = (await new HttpClient(replica('2')).get('/auth/me', { cookie })).status;
    expect([204, 503]).toContain(loggedOut.status);
    expect(status).toBe(401);
  });

  it("serves nothing of a killed master's slots from memory, then hears the promoted replica's revocations", async () => {
    const client = await signedInEverywhere();
    await untilServedFromMemory(client);
    const port = await masterPortOf(client);
    const master = cluster().nodes.find((node) => node.port === port)!;

    const killedAt = Date.now();
    await master.kill();
    // Once replica 2 has seen its connection to the killed master close, its cached copy is no
    // longer served: each answer is a Redis read (a 503 while the slot has no master), never a
    // 500. (A request handled in the same event-loop turn as the close may still be served from
    // memory, as just before the kill.)
    const statuses = new Set<number>();
    const answeredFromMemory = async (): Promise<boolean> => {
      const { status, fromMemory } = await meOn('2', client);
      statuses.add(status);
      return fromMemory;
    };
    const dropped = await pollUntil(async () => !(await answeredFromMemory()), {
      timeoutMs: 2000,
      intervalMs: 10,
      abandon: () => false,
    });
    expect(dropped).toBe('ready');
    const droppedAfterMs = Date.now() - killedAt;
    await cluster().waitUntilHealthy();
    const promotedAfterMs = Date.now() - killedAt;
    // Replica 1 reaches the promoted replica too, so its sign-out lands there.
    const reached = await pollUntil(async () => (await meOn('1', client)).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 50,
      abandon: () => false,
    });
    expect(reached).toBe('ready');
    // Served from memory again, as tracking is on at every node of the new slot map: the
    // sign-out below has a cached copy to reach.
    const served = await pollUntil(answeredFromMemory, {
      timeoutMs: 10_000,
      intervalMs: 50,
      abandon: () => false,
    });
    expect(served).toBe('ready');
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    process.stdout.write(
      `near cache on a cluster: a master killed; its sessions read from Redis ${droppedAfterMs} ms after, ` +
        `replica promoted ${promotedAfterMs} ms after, served from memory again ${Date.now() - killedAt} ms after\n`,
    );

    // A sign-out on the promoted replica reaches replica 2's cache: refused there right away.
    // It has no replica of its own now, so the sign-out's WAIT is not met (503), but it is in
    // effect on the master, as every replica of every app can see (docs/redis.md).
    const cookie = cookieOf(client);
    const loggedOut = await client.post('/auth/logout');
    const status = (await new HttpClient(replica('2')).get('/auth/me', { cookie })).status;
    expect([204, 503]).toContain(loggedOut.status);
    expect(status).toBe(401);
  });
});
