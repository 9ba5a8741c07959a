import { Session } from 'fastify';
import Redis from 'ioredis';
import { createRedisClient } from '@app/redis';
import { countRedisCommands, RedisServer, startRedisServer } from '@app/stack';
import { RedisSessionStore } from './redis-session.store';
import { SESSION_CREDENTIAL_VERSION } from './session-credential-version';
import { resolveSessionOptions } from './resolve-session-options';
import { MAX_SILENCE_MS, SessionInvalidationListener } from './session-invalidation.listener';
import { userTagOf } from './session-id';
import { SessionNearCache } from './session-near-cache';
import { SessionModuleOptions } from './session-options.interface';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, withinMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(10);
  }
}

describe('the session near cache (two replicas, a real redis-server)', () => {
  let server: RedisServer;
  let cachedClient: Redis;
  let otherClient: Redis;
  let observer: Redis;
  let cache: SessionNearCache;
  let listener: SessionInvalidationListener;

  // This replica keeps sessions in memory; the other one reads and writes Redis only.
  const cachedReplica = (options: Omit<SessionModuleOptions, 'secrets'> = {}): RedisSessionStore =>
    new RedisSessionStore(cachedClient, resolveSessionOptions({ secrets: [SECRET], ...options }), cache);
  const otherReplica = (options: Omit<SessionModuleOptions, 'secrets'> = {}): RedisSessionStore =>
    new RedisSessionStore(otherClient, resolveSessionOptions({ secrets: [SECRET], ...options }));
  // A signed-in session's id, as SessionService.signIn makes it.
  const idOf = (name: string): string => `${name}.${userTagOf('user-1')}`;
  const signedIn = (): Session =>
    ({
      user: { id: 'user-1', email: 'ann@example.com', roles: ['user'] },
      [SESSION_CREDENTIAL_VERSION]: 0,
    }) as unknown as Session;

  beforeAll(async () => {
    // Without active expiry an idle session lingers until read: only the cache's own check
    // keeps it from being served.
    server = await startRedisServer({ extraArgs: ['--enable-debug-command', 'yes'] });
    cachedClient = createRedisClient({ url: server.url, connectionName: 'replica-a' }, silentLogger);
    otherClient = createRedisClient({ url: server.url }, silentLogger);
    observer = new Redis(server.url);
    await Promise.all(
      [cachedClient, otherClient].map((client) => new Promise((resolve) => client.once('ready', resolve))),
    );
    cache = new SessionNearCache(100, MAX_SILENCE_MS);
    listener = new SessionInvalidationListener(cachedClient, cache, 'sess:');
    await until(() => cache.isServing());
  });

  afterAll(async () => {
    await listener?.onApplicationShutdown();
    cachedClient?.disconnect();
    otherClient?.disconnect();
    observer?.disconnect();
    await server?.stop();
  });

  it('answers reads of a cached session without a Redis command', async () => {
    await otherReplica().save(idOf('near-1'), signedIn());
    expect(await cachedReplica().load(idOf('near-1'))).toMatchObject({ user: { id: 'user-1' } });

    const { byCommand } = await countRedisCommands(observer, async () => {
      for (let i = 0; i < 20; i++)
        expect(await cachedReplica().load(idOf('near-1'))).toMatchObject({ user: { id: 'user-1' } });
    });
    expect(byCommand).not.toHaveProperty('hget');
  });

  it('refuses a session at once when another replica ends it', async () => {
    for (let round = 0; round < 10; round++) {
      const id = idOf(`near-2-${round}`);
      await otherReplica().save(id, signedIn());
      await cachedReplica().load(id);
      await cachedReplica().load(id);
      await otherReplica().remove(id);
      expect(await cachedReplica().load(id)).toBeNull();
    }
  });

  it('refuses revoked sessions and reads changed ones anew', async () => {
    const store = otherReplica();
    await store.save(idOf('near-3'), signedIn());
    await store.save(idOf('near-4'), signedIn());
    await cachedReplica().load(idOf('near-3'));
    const loaded = (await cachedReplica().load(idOf('near-4')))!;
    expect(loaded.step).toBeUndefined();

    const changed = (await store.load(idOf('near-4')))!;
    store.remember(changed);
    changed.step = 9;
    await store.save(idOf('near-4'), changed);
    expect((await cachedReplica().load(idOf('near-4')))!.step).toBe(9);

    await store.destroyAllForUser('user-1');
    expect(await cachedReplica().load(idOf('near-3'))).toBeNull();
    expect(await cachedReplica().load(idOf('near-4'))).toBeNull();
  });

  it('never serves a session past its absolute timeout', async () => {
    const session = { ...signedIn(), createdAt: Math.floor(Date.now() / 1000) - 99 } as unknown as Session;
    await otherReplica().save(idOf('near-5'), session);
    expect(await cachedReplica({ absoluteTimeoutSeconds: 100 }).load(idOf('near-5'))).not.toBeNull();
    await sleep(1100);
    expect(await cachedReplica({ absoluteTimeoutSeconds: 100 }).load(idOf('near-5'))).toBeNull();
  });

  it('never serves a session past its idle expiry, even before Redis tells of it', async () => {
    await observer.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    try {
      const options = { idleTimeoutSeconds: 2, touchIntervalSeconds: 1 };
      await otherReplica(options).save(idOf('near-6'), signedIn());
      expect(await cachedReplica(options).load(idOf('near-6'))).not.toBeNull();
      // Last-seen times are whole seconds: a session ends up to a second past its idle timeout.
      await sleep(3100);
      expect(await cachedReplica(options).load(idOf('near-6'))).toBeNull();
    } finally {
      await observer.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    }
  });

  it('drops every session when its connection is lost, and fills again once it is back', async () => {
    await otherReplica().save(idOf('near-7'), signedIn());
    await cachedReplica().load(idOf('near-7'));
    expect(cache.size).toBeGreaterThan(0);

    await observer.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await until(() => !cache.isServing());
    expect(cache.size).toBe(0);
    // While it is down, reads go to Redis: a session ended meanwhile is refused.
    await otherReplica().remove(idOf('near-7'));
    expect(await cachedReplica().load(idOf('near-7'))).toBeNull();

    await until(() => cache.isServing());
    await otherReplica().save(idOf('near-8'), signedIn());
    await cachedReplica().load(idOf('near-8'));
    const { byCommand } = await countRedisCommands(observer, () => cachedReplica().load(idOf('near-8')));
    expect(byCommand).not.toHaveProperty('hget');
  });
});
