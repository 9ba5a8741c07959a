import Redis from 'ioredis';
import { countRedisCommands, ROUTE_TABLE, Stack } from '@app/stack';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';
const ROUNDS = 10;
const WITHIN_MS = 10;

describe('session near cache across replicas (real redis-server, real app processes)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: Redis;
  let counter = 0;

  const replica = (name: string): string => stack.replicas.find((candidate) => candidate.name === name)!.url;
  const cookieOf = (client: HttpClient): string => `sid=${client.cookies.get('sid')}`;

  /** A client signed in through replica 1, whose session replica 2 has in its near cache. */
  async function signedInEverywhere(email = `near${++counter}@example.com`, register = true): Promise<HttpClient> {
    const client = new HttpClient(replica('1'));
    if (register) expect((await client.post('/auth/register', { email, password })).status).toBe(201);
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    const onTwo = client.at(replica('2'));
    for (let i = 0; i < 2; i++) expect((await onTwo.get('/auth/me')).status).toBe(200);
    return client;
  }

  /** Resolves once a `GET /auth/me` of `client` costs no Redis read (the listener may still be connecting). */
  async function untilServedFromMemory(client: HttpClient): Promise<void> {
    const started = Date.now();
    for (;;) {
      const { byCommand } = await countRedisCommands(observer, () => client.get('/auth/me'));
      if (!('hget' in byCommand)) return;
      if (Date.now() - started > 3000) throw new Error('replica 2 still reads every session from Redis');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

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

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      apps: ROUTE_TABLE.filter(({ app }) => app === 'auth'),
      env: { SESSION_NEAR_CACHE_MAX_ENTRIES: '1000', REGISTER_MAX_PER_WINDOW: '1000' },
    });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it("answers a signed-in request from the replica's memory, without a Redis read", async () => {
    const client = (await signedInEverywhere()).at(replica('2'));
    await untilServedFromMemory(client);
    const { byCommand } = await countRedisCommands(observer, async () => {
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
    expect(delays.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]).toBeLessThan(WITHIN_MS);
  });

  it('refuses a revoked session on the other replica right away', async () => {
    const email = `near${++counter}@example.com`;
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
    const email = `near${++counter}@example.com`;
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
    const clients = (await observer.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const id = /id=(\d+) .*name=auth-2:invalidations /.exec(clients)?.[1];
    expect(id).toBeDefined();

    await observer.call('CLIENT', 'KILL', 'ID', id!);
    // Its invalidation is sent to no one: replica 2 must read Redis to know.
    expect((await client.post('/auth/logout')).status).toBe(204);
    expect((await new HttpClient(replica('2')).get('/auth/me', { cookie })).status).toBe(401);
    // And it comes back by itself.
    await untilServedFromMemory((await signedInEverywhere()).at(replica('2')));
  });
});
