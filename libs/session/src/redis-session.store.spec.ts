import { Session } from 'fastify';
import Redis from 'ioredis';
import { createRedisClient } from '@app/redis';
import { countRedisCommands, RedisServer, startRedisServer } from '@app/stack';
import { RedisSessionStore } from './redis-session.store';
import { resolveSessionOptions } from './resolve-session-options';
import { SessionModuleOptions } from './session-options.interface';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;

describe('RedisSessionStore (against a real redis-server)', () => {
  let server: RedisServer;
  let client: Redis;
  let observer: Redis;

  const storeWith = (options: Omit<SessionModuleOptions, 'secrets'> = {}): RedisSessionStore =>
    new RedisSessionStore(client, resolveSessionOptions({ secrets: [SECRET], ...options }));
  const signedIn = (): Session =>
    ({ user: { id: 'user-1', email: 'ann@example.com', roles: ['user', 'admin'] }, cartId: 'cart-1' }) as Session;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient({ url: server.url }, silentLogger);
    observer = new Redis(server.url);
    await new Promise((resolve) => client.once('ready', resolve));
  });

  afterAll(async () => {
    client?.disconnect();
    observer?.disconnect();
    await server?.stop();
  });

  it('stores a compact record under a hash of the id, and reads it back', async () => {
    const store = storeWith();
    await store.save('session-id-1', signedIn());

    const key = store.keyOf('session-id-1');
    expect(key).toMatch(/^sess:[\w-]{22}$/);
    expect(key).not.toContain('session-id-1');
    const fields = await observer.hgetall(key);
    expect(Object.keys(fields).sort()).toEqual(['c', 'ct', 'e', 'r', 'ts', 'u']);
    expect(JSON.stringify(fields)).not.toMatch(/cookie|httpOnly|path/i);

    const loaded = await store.load('session-id-1');
    expect(loaded).toMatchObject({
      user: { id: 'user-1', email: 'ann@example.com', roles: ['user', 'admin'] },
      cartId: 'cart-1',
    });
  });

  it('costs exactly one command to read a session within the touch interval', async () => {
    const store = storeWith({ touchIntervalSeconds: 60 });
    await store.save('session-id-2', signedIn());

    const { total, byCommand } = await countRedisCommands(observer, async () => {
      for (let i = 0; i < 20; i++) await store.load('session-id-2');
    });
    expect(byCommand).toEqual({ hgetall: 20 });
    expect(total).toBe(20);
  });

  it('slides the idle expiry once the touch interval has passed, without rewriting the record', async () => {
    const store = storeWith({ idleTimeoutSeconds: 30, touchIntervalSeconds: 1 });
    await store.save('session-id-3', signedIn());
    const key = store.keyOf('session-id-3');
    await observer.pexpire(key, 5000);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { byCommand } = await countRedisCommands(observer, () => store.load('session-id-3'));

    expect(byCommand).toMatchObject({ hgetall: 1, pexpire: 1, hset: 1 });
    expect(await observer.pttl(key)).toBeGreaterThan(25_000);
  });

  it('slides the idle expiry once when many requests find it due at the same time', async () => {
    const store = storeWith({ idleTimeoutSeconds: 30, touchIntervalSeconds: 1 });
    await store.save('session-id-12', signedIn());
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { byCommand } = await countRedisCommands(observer, () =>
      Promise.all(Array.from({ length: 20 }, () => store.load('session-id-12'))),
    );
    expect(byCommand).toMatchObject({ hgetall: 20, pexpire: 1 });
  });

  it('returns null for an unknown id', async () => {
    expect(await storeWith().load('no-such-session')).toBeNull();
  });

  it('ends a session at the absolute timeout however active it is', async () => {
    const store = storeWith({ absoluteTimeoutSeconds: 100 });
    await store.save('session-id-4', signedIn());
    const key = store.keyOf('session-id-4');
    await observer.hset(key, 'ct', String(Math.floor(Date.now() / 1000) - 101));

    expect(await store.load('session-id-4')).toBeNull();
    expect(await observer.exists(key)).toBe(0);
  });

  it('caps the time to live at what the absolute timeout leaves', async () => {
    const store = storeWith({ idleTimeoutSeconds: 1000, absoluteTimeoutSeconds: 2000 });
    const session = { ...signedIn(), createdAt: Math.floor(Date.now() / 1000) - 1990 } as Session;
    await observer.hset(store.keyOf('session-id-5'), 'ct', '0'); // exists, so the save lands
    await store.save('session-id-5', session);
    expect(await observer.ttl(store.keyOf('session-id-5'))).toBeLessThanOrEqual(10);
  });

  it('does not bring back a session destroyed while a request was still using it', async () => {
    const store = storeWith();
    await store.save('session-id-6', signedIn());
    const loaded = (await store.load('session-id-6'))!;
    store.remember(loaded);

    await store.remove('session-id-6');
    loaded.cartId = 'changed-by-a-slow-request';
    await store.save('session-id-6', loaded);

    expect(await observer.exists(store.keyOf('session-id-6'))).toBe(0);
  });

  it('keeps both changes when two requests of one session change different fields at once', async () => {
    const store = storeWith();
    await store.save('session-id-8', signedIn());
    const [first, second] = [(await store.load('session-id-8'))!, (await store.load('session-id-8'))!];
    store.remember(first);
    store.remember(second);

    delete first.cartId;
    second.user = { ...second.user!, roles: ['user'] };
    await Promise.all([store.save('session-id-8', first), store.save('session-id-8', second)]);

    const stored = (await store.load('session-id-8'))!;
    expect(stored.cartId).toBeUndefined();
    expect(stored.user!.roles).toEqual(['user']);
  });

  it('indexes a signed-in session under its user, and forgets it when it ends', async () => {
    const store = storeWith();
    await store.save('session-id-9', signedIn());
    await store.save('session-id-10', signedIn());
    expect((await store.listForUser('user-1')).map((session) => session.id)).toEqual(
      expect.arrayContaining([store.publicIdOf('session-id-9'), store.publicIdOf('session-id-10')]),
    );

    await store.remove('session-id-9');
    expect(await observer.zscore('sess:user:user-1', store.publicIdOf('session-id-9'))).toBeNull();
    expect(await store.destroyForUser('someone-else', store.publicIdOf('session-id-10'))).toBe(false);
    expect(await store.destroyForUser('user-1', store.publicIdOf('session-id-10'))).toBe(true);
    expect(await store.load('session-id-10')).toBeNull();
  });

  it("lists and ends one user's sessions at the same cost whatever the number of other users", async () => {
    const store = storeWith();
    const others = Array.from(
      { length: 2000 },
      (_, i) => ({ ...signedIn(), user: { id: `other-${i}`, email: 'o@x.co', roles: [] } }) as Session,
    );
    await Promise.all(others.map((session, i) => store.save(`other-session-${i}`, session)));
    await store.save('session-id-11', signedIn());

    const sessionsOfUser = await observer.zcard('sess:user:user-1');
    const listing = await countRedisCommands(observer, () => store.listForUser('user-1'));
    const ending = await countRedisCommands(observer, () => store.destroyAllForUser('user-1'));
    // A few commands, plus one or two per session of this user: none per other user.
    expect(listing.total).toBeLessThanOrEqual(3 + 2 * sessionsOfUser);
    expect(ending.total).toBeLessThanOrEqual(3 + 3 * sessionsOfUser);
    expect(listing.byCommand).not.toHaveProperty('scan');
    expect(listing.byCommand).not.toHaveProperty('keys');
  });

  it('deletes a session server-side', async () => {
    const store = storeWith();
    await store.save('session-id-7', signedIn());
    await new Promise<void>((resolve, reject) =>
      store.destroy('session-id-7', (error) => (error ? reject(error) : resolve())),
    );
    expect(await store.load('session-id-7')).toBeNull();
  });

  describe('when Redis is unreachable', () => {
    let deadClient: Redis;
    let deadStore: RedisSessionStore;

    beforeAll(async () => {
      const gone = await startRedisServer();
      deadClient = createRedisClient({ url: gone.url }, silentLogger);
      await new Promise((resolve) => deadClient.once('ready', resolve));
      await gone.kill();
      deadStore = new RedisSessionStore(deadClient, resolveSessionOptions({ secrets: [SECRET] }));
    });

    afterAll(() => deadClient?.disconnect());

    it('answers a read within a second with a marker, not an empty session', async () => {
      const started = Date.now();
      const session = await new Promise((resolve, reject) =>
        deadStore.get('any-id', (error, result) => (error ? reject(error) : resolve(result))),
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(session).toEqual({ storeUnavailable: true });
    });

    it('answers reads sent together (one pipeline) within a second, each with a marker', async () => {
      const started = Date.now();
      const sessions = await Promise.all(
        Array.from(
          { length: 5 },
          (_, i) =>
            new Promise((resolve, reject) =>
              deadStore.get(`any-id-${i}`, (error, result) => (error ? reject(error) : resolve(result))),
            ),
        ),
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(sessions).toEqual(Array(5).fill({ storeUnavailable: true }));
    });

    it('refuses a write within a second', async () => {
      const started = Date.now();
      await expect(deadStore.save('any-id', signedIn())).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});
