import { Session } from 'fastify';
import Redis from 'ioredis';
import { createRedisClient } from '@app/redis';
import { countRedisCommands, RedisServer, startRedisServer } from '@app/stack';
import { RedisSessionStore, REPLACED_SESSION } from './redis-session.store';
import { SESSION_CREDENTIAL_VERSION } from './session-credential-version';
import { SessionCredentialsChangedException } from './session-credentials-changed.exception';
import { replacedMark } from './session-record';
import { SessionReplacedException } from './session-replaced.exception';
import { resolveSessionOptions } from './resolve-session-options';
import { userTagOf } from './session-id';
import { SessionModuleOptions } from './session-options.interface';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
declare module './index' {
  interface SessionData {
    cartId?: string;
    step?: number;
  }
}

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;

describe('RedisSessionStore (against a real redis-server)', () => {
  let server: RedisServer;
  let client: Redis;
  let observer: Redis;

  const storeWith = (options: Omit<SessionModuleOptions, 'secrets'> = {}): RedisSessionStore =>
    new RedisSessionStore(client, resolveSessionOptions({ secrets: [SECRET], ...options }));
  // A session as SessionService.signIn hands it to the store: with the credential version it read.
  const signedIn = (userId = 'user-1', credentialVersion = 0): Session =>
    ({
      user: { id: userId, email: 'ann@example.com', roles: ['user', 'admin'] },
      cartId: 'cart-1',
      [SESSION_CREDENTIAL_VERSION]: credentialVersion,
    }) as unknown as Session;
  // Ids as SessionService.signIn makes them: a signed-in session's id names its user.
  const idOf = (name: string, userId = 'user-1'): string => `${name}.${userTagOf(userId)}`;
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);

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

  it("stores a signed-in session as one compact field of its user's hash, named by a hash of the id", async () => {
    const store = storeWith();
    const id = idOf('session-id-1');
    await store.save(id, signedIn());

    expect(store.keyOf(id)).toBe(store.userKeyOf('user-1'));
    expect(store.keyOf(id)).toMatch(/^sess:user:[\w-]{16}$/);
    expect(store.keyOf(id)).not.toContain('user-1');
    const fields = await observer.hgetall(store.userKeyOf('user-1'));
    expect(Object.keys(fields)).toEqual([store.publicIdOf(id)]);
    expect(store.publicIdOf(id)).toMatch(/^[\w-]{22}$/);
    const now = nowSeconds();
    expect(JSON.parse(fields[store.publicIdOf(id)])).toEqual([
      expect.closeTo(now, -1),
      expect.closeTo(now, -1),
      'user-1',
      'ann@example.com',
      'user,admin',
      null,
      null,
      { cartId: '"cart-1"' },
    ]);

    const loaded = await store.load(id);
    expect(loaded).toMatchObject({
      user: { id: 'user-1', email: 'ann@example.com', roles: ['user', 'admin'] },
      cartId: 'cart-1',
    });
  });

  it('stores an anonymous session as a key of its own, named by a hash of the id', async () => {
    const store = storeWith();
    await store.save('anonymous-1', { cartId: 'cart-9' } as unknown as Session);

    const key = store.keyOf('anonymous-1');
    expect(key).toMatch(/^sess:[\w-]{22}$/);
    expect(key).not.toContain('anonymous-1');
    expect(await observer.type(key)).toBe('string');
    expect(await store.load('anonymous-1')).toMatchObject({ cartId: 'cart-9' });
    expect((await store.load('anonymous-1'))!.user).toBeUndefined();
  });

  it("refuses to store a session under an id that does not name the session's user", async () => {
    const store = storeWith();
    const message = /changes user only through SessionService/;
    await expect(store.save('anonymous-2', signedIn())).rejects.toThrow(message);
    await expect(store.save(idOf('session-id-13'), signedIn('user-2'))).rejects.toThrow(message);
    await expect(store.save(idOf('session-id-13'), { cartId: 'x' } as unknown as Session)).rejects.toThrow(message);
    expect(await observer.exists(store.userKeyOf('user-2'), store.keyOf('anonymous-2'))).toBe(0);
  });

  it('keeps each distinct User-Agent once, for the session list', async () => {
    const store = storeWith();
    const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) a browser long enough to be worth sharing'.repeat(2);
    for (const name of ['ua-1', 'ua-2']) {
      await store.save(idOf(name, 'user-ua'), { ...signedIn('user-ua'), userAgent, ip: '203.0.113.9' } as Session);
    }
    const agentKeys = await observer.keys('sess:ua:*');
    expect(agentKeys).toHaveLength(1);
    expect(await observer.get(agentKeys[0])).toBe(userAgent);
    expect(await observer.hlen(store.userKeyOf('user-ua'))).toBe(2);
    const listed = await store.listForUser('user-ua');
    expect(listed.map((session) => [session.ip, session.userAgent])).toEqual([
      ['203.0.113.9', userAgent],
      ['203.0.113.9', userAgent],
    ]);
  });

  it('costs exactly one command to read a session within the touch interval', async () => {
    const store = storeWith({ touchIntervalSeconds: 60 });
    await store.save(idOf('session-id-2'), signedIn());

    const { total, byCommand } = await countRedisCommands(observer, async () => {
      for (let i = 0; i < 20; i++) await store.load(idOf('session-id-2'));
    });
    expect(byCommand).toEqual({ hget: 20 });
    expect(total).toBe(20);
  });

  it('slides the idle expiry once the touch interval has passed, without rewriting the record', async () => {
    const store = storeWith({ idleTimeoutSeconds: 30, touchIntervalSeconds: 1 });
    const id = idOf('session-id-3', 'user-3');
    await store.save(id, signedIn('user-3'));
    const key = store.keyOf(id);
    await observer.pexpire(key, 5000);
    const before = JSON.parse((await observer.hget(key, store.publicIdOf(id)))!);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { byCommand } = await countRedisCommands(observer, () => store.load(id));

    expect(byCommand).toMatchObject({ hget: 2, pexpire: 1, hset: 1 });
    expect(await observer.pttl(key)).toBeGreaterThan(25_000);
    const after = JSON.parse((await observer.hget(key, store.publicIdOf(id)))!);
    expect(after[1]).toBeGreaterThan(before[1]);
    expect([after[0], ...after.slice(2)]).toEqual([before[0], ...before.slice(2)]);
  });

  it('slides the idle expiry once when many requests find it due at the same time', async () => {
    const store = storeWith({ idleTimeoutSeconds: 30, touchIntervalSeconds: 1 });
    await store.save(idOf('session-id-12', 'user-12'), signedIn('user-12'));
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { byCommand } = await countRedisCommands(observer, () =>
      Promise.all(Array.from({ length: 20 }, () => store.load(idOf('session-id-12', 'user-12')))),
    );
    // 20 reads, and one touch script (which reads the record once more).
    expect(byCommand).toMatchObject({ hget: 21, hset: 1 });
  });

  it('writes nothing for a loaded session whose save would only move its last-seen time', async () => {
    const store = storeWith({ touchIntervalSeconds: 60 });
    const id = idOf('session-id-14', 'user-14');
    await store.save(id, signedIn('user-14'));
    const loaded = (await store.load(id))!;
    store.remember(loaded);
    loaded.touchedAt = loaded.touchedAt! - 5;
    store.remember(loaded);

    const { total } = await countRedisCommands(observer, async () => {
      expect(await store.save(id, loaded)).toBe(false);
    });
    expect(total).toBe(0);
    loaded.cartId = 'cart-14';
    expect(await store.save(id, loaded)).toBe(true);
    expect((await store.load(id))!.cartId).toBe('cart-14');
  });

  it('reads a session stored in an earlier layout (a hash of its own) as no session', async () => {
    const store = storeWith();
    await observer.hset(store.keyOf('earlier-layout'), 'u', 'user-1', 'ct', '1', 'ts', '1');
    expect(await store.load('earlier-layout')).toBeNull();
    await store.save('earlier-layout', { cartId: 'cart-1' } as unknown as Session);
    expect(await store.load('earlier-layout')).toMatchObject({ cartId: 'cart-1' });
  });

  it('returns null for an unknown id', async () => {
    expect(await storeWith().load('no-such-session')).toBeNull();
    expect(await storeWith().load(idOf('no-such-session'))).toBeNull();
  });

  it("treats a session past its idle timeout as gone, though its user's hash lives on", async () => {
    const store = storeWith({ idleTimeoutSeconds: 100, touchIntervalSeconds: 10 });
    const [idle, active] = [idOf('idle-1', 'user-idle'), idOf('active-1', 'user-idle')];
    await store.save(idle, signedIn('user-idle'));
    await store.save(active, signedIn('user-idle'));
    const lastSeen = async (secondsAgo: number): Promise<void> => {
      const record = JSON.parse((await observer.hget(store.userKeyOf('user-idle'), store.publicIdOf(idle)))!);
      record[1] = nowSeconds() - secondsAgo;
      await observer.hset(store.userKeyOf('user-idle'), store.publicIdOf(idle), JSON.stringify(record));
    };
    // Last-seen times are whole seconds: exactly the idle timeout ago may be a bit less, so it is live.
    await lastSeen(100);
    expect(await store.listForUser('user-idle')).toHaveLength(2);
    expect(await store.load(idle)).not.toBeNull();
    await lastSeen(101);

    expect((await store.listForUser('user-idle')).map((session) => session.id)).toEqual([store.publicIdOf(active)]);
    expect(await store.load(idle)).toBeNull();
    expect(await observer.hkeys(store.userKeyOf('user-idle'))).toEqual([store.publicIdOf(active)]);
    expect(await store.load(active)).not.toBeNull();
  });

  it("prunes the user's sessions past their timeouts when the user signs in again", async () => {
    const store = storeWith({ idleTimeoutSeconds: 100, touchIntervalSeconds: 10 });
    const old = idOf('old-1', 'user-prune');
    await store.save(old, signedIn('user-prune'));
    const record = JSON.parse((await observer.hget(store.userKeyOf('user-prune'), store.publicIdOf(old)))!);
    record[1] = nowSeconds() - 101;
    await observer.hset(store.userKeyOf('user-prune'), store.publicIdOf(old), JSON.stringify(record));

    const fresh = idOf('fresh-1', 'user-prune');
    await store.save(fresh, signedIn('user-prune'));
    expect(await observer.hkeys(store.userKeyOf('user-prune'))).toEqual([store.publicIdOf(fresh)]);
  });

  it('ends a session at the absolute timeout however active it is', async () => {
    const store = storeWith({ absoluteTimeoutSeconds: 100 });
    const id = idOf('session-id-4', 'user-4');
    await store.save(id, signedIn('user-4'));
    const key = store.keyOf(id);
    const record = JSON.parse((await observer.hget(key, store.publicIdOf(id)))!);
    record[0] = nowSeconds() - 101;
    await observer.hset(key, store.publicIdOf(id), JSON.stringify(record));

    expect(await store.load(id)).toBeNull();
    expect(await observer.exists(key)).toBe(0);
  });

  it('caps the time to live at what the absolute timeout leaves', async () => {
    const store = storeWith({ idleTimeoutSeconds: 1000, absoluteTimeoutSeconds: 2000 });
    // As a renewed session hands it over: with the creation time of the session it renews.
    const session = {
      cartId: 'cart-5',
      createdAt: nowSeconds() - 1990,
      [SESSION_CREDENTIAL_VERSION]: 0,
    } as unknown as Session;
    await store.save('session-id-5', session);
    expect(await observer.ttl(store.keyOf('session-id-5'))).toBeLessThanOrEqual(10);
  });

  it('does not bring back a session destroyed while a request was still using it', async () => {
    const store = storeWith();
    const id = idOf('session-id-6', 'user-6');
    await store.save(id, signedIn('user-6'));
    const loaded = (await store.load(id))!;
    store.remember(loaded);

    await store.remove(id);
    loaded.cartId = 'changed-by-a-slow-request';
    await store.save(id, loaded);

    expect(await observer.exists(store.keyOf(id))).toBe(0);
  });

  it('keeps both changes when two requests of one session change different data at once', async () => {
    const store = storeWith();
    const id = idOf('session-id-8');
    await store.save(id, signedIn());
    const [first, second, third] = [(await store.load(id))!, (await store.load(id))!, (await store.load(id))!];
    for (const session of [first, second, third]) store.remember(session);

    delete first.cartId;
    second.step = 2;
    (third as unknown as Record<string, unknown>).note = { lines: [], total: 0.1 + 0.2 };
    await Promise.all([store.save(id, first), store.save(id, second), store.save(id, third)]);

    const stored = (await store.load(id))!;
    expect(stored.cartId).toBeUndefined();
    expect(stored.step).toBe(2);
    expect((stored as unknown as Record<string, unknown>).note).toEqual({ lines: [], total: 0.1 + 0.2 });

    // `= undefined` deletes as `delete` does.
    store.remember(stored);
    stored.step = undefined;
    await store.save(id, stored);
    expect('step' in (await store.load(id))!).toBe(false);
  });

  it('refuses data over maxDataBytes, naming the limit, and writes nothing, also when merged', async () => {
    const store = storeWith({ maxDataBytes: 100 });
    const id = idOf('session-id-15', 'user-15');
    await store.save(id, signedIn('user-15'));
    const before = await observer.hget(store.keyOf(id), store.publicIdOf(id));

    const [first, second] = [(await store.load(id))!, (await store.load(id))!];
    store.remember(first);
    store.remember(second);
    (first as unknown as Record<string, unknown>).big = 'x'.repeat(200);
    await expect(store.save(id, first)).rejects.toThrow(/limit of 100 bytes \(option maxDataBytes\)/);
    expect(await observer.hget(store.keyOf(id), store.publicIdOf(id))).toBe(before);

    // Each fits on its own; merged by the script, they would not.
    (first as unknown as Record<string, unknown>).big = 'x'.repeat(50);
    (second as unknown as Record<string, unknown>).other = 'y'.repeat(50);
    await store.save(id, first);
    await expect(store.save(id, second)).rejects.toThrow(/maxDataBytes/);
    expect((await store.load(id)) as unknown as Record<string, unknown>).not.toHaveProperty('other');
  });

  it('refuses a change, through the session object, of a value the library keeps', async () => {
    const store = storeWith();
    const id = idOf('session-id-16', 'user-16');
    await store.save(id, signedIn('user-16'));
    const before = await observer.hget(store.keyOf(id), store.publicIdOf(id));
    for (const change of [
      (session: Session) => session.user!.roles.push('superuser'),
      (session: Session) => (session.createdAt = nowSeconds() + 10_000),
      (session: Session) => (session.ip = '192.0.2.1'),
    ]) {
      const loaded = (await store.load(id))!;
      store.remember(loaded);
      change(loaded);
      await expect(store.save(id, loaded)).rejects.toThrow(/kept by the session library/);
    }
    expect(await observer.hget(store.keyOf(id), store.publicIdOf(id))).toBe(before);
    const forged = { createdAt: nowSeconds() + 10_000 } as Session;
    await expect(store.save('anonymous-16', forged)).rejects.toThrow(
      /session.createdAt is kept by the session library/,
    );
    expect(await observer.exists(store.keyOf('anonymous-16'))).toBe(0);
  });

  it('refuses a sign-in that read the credential version before a change of credentials', async () => {
    const store = storeWith();
    const id = idOf('session-id-17', 'user-17');
    await store.save(id, signedIn('user-17'));
    const version = await store.credentialVersionOf('user-17');
    expect(version).toBe(0);

    const changed = await store.revokeCredentials('user-17');
    expect(changed).toBeGreaterThan(version);
    expect(await store.load(id)).toBeNull();
    const late = idOf('session-id-18', 'user-17');
    await expect(store.save(late, signedIn('user-17', version))).rejects.toThrow(SessionCredentialsChangedException);
    expect(await store.load(late)).toBeNull();

    // A sign-in that read the new version goes through; ending sessions keeps the version.
    await store.save(late, signedIn('user-17', changed));
    expect(await store.listForUser('user-17')).toHaveLength(1);
    await store.destroyAllForUser('user-17');
    expect(await store.credentialVersionOf('user-17')).toBe(changed);
    expect(await observer.pttl(store.userKeyOf('user-17'))).toBeGreaterThan(0);
  });

  it('never gives a credential version twice, even once the hash that held it has expired', async () => {
    const store = storeWith();
    await store.save(idOf('session-id-40', 'user-40'), signedIn('user-40'));
    const first = await store.revokeCredentials('user-40');
    // A sign-in reads `first`; the user's hash then expires, a new sign-in makes it again, and
    // the credentials change again before the first sign-in saves.
    await observer.del(store.userKeyOf('user-40'));
    await store.save(idOf('session-id-41', 'user-40'), signedIn('user-40'));
    const second = await store.revokeCredentials('user-40');

    expect(second).toBeGreaterThan(first);
    await expect(store.save(idOf('session-id-42', 'user-40'), signedIn('user-40', first))).rejects.toThrow(
      SessionCredentialsChangedException,
    );
    // One after another within a millisecond, each change still raises it.
    expect(await store.revokeCredentials('user-40')).toBeGreaterThan(second);
  });

  it('takes no name for a session but a public id, so a client cannot reach the credential version', async () => {
    const store = storeWith();
    await store.save(idOf('session-id-43', 'user-43'), signedIn('user-43'));
    const version = await store.revokeCredentials('user-43');

    for (const name of ['!v', '', 'x'.repeat(21), 'x'.repeat(23), `${'x'.repeat(21)}!`]) {
      expect(await store.destroyForUser('user-43', name)).toBe(false);
    }
    expect(await store.credentialVersionOf('user-43')).toBe(version);
  });

  it('lists the sessions of a user, and forgets one when it ends', async () => {
    const store = storeWith();
    const [ninth, tenth] = [idOf('session-id-9', 'user-9'), idOf('session-id-10', 'user-9')];
    await store.save(ninth, signedIn('user-9'));
    await store.save(tenth, signedIn('user-9'));
    expect((await store.listForUser('user-9')).map((session) => session.id).sort()).toEqual(
      [store.publicIdOf(ninth), store.publicIdOf(tenth)].sort(),
    );

    await store.remove(ninth);
    expect(await observer.hexists(store.userKeyOf('user-9'), store.publicIdOf(ninth))).toBe(0);
    expect(await store.destroyForUser('someone-else', store.publicIdOf(tenth))).toBe(false);
    expect(await store.destroyForUser('user-9', store.publicIdOf(tenth))).toBe(true);
    expect(await store.load(tenth)).toBeNull();
    expect(await observer.exists(store.userKeyOf('user-9'))).toBe(0);
  });

  it("lists and ends one user's sessions at the same cost whatever the number of other users", async () => {
    const store = storeWith();
    const usersSessions = async (): Promise<{ listing: number; ending: number }> => {
      const ids = ['a', 'b', 'c'].map((name) => idOf(`cost-${name}`, 'user-11'));
      for (const id of ids) await store.save(id, { ...signedIn('user-11'), userAgent: 'A browser' } as Session);
      const listing = await countRedisCommands(observer, () => store.listForUser('user-11'));
      const ending = await countRedisCommands(observer, () => store.destroyAllForUser('user-11', ids[0]));
      expect(listing.byCommand).not.toHaveProperty('scan');
      expect(listing.byCommand).not.toHaveProperty('keys');
      return { listing: listing.total, ending: ending.total };
    };
    const withFewUsers = await usersSessions();
    await Promise.all(
      Array.from({ length: 2000 }, (_, i) => store.save(idOf(`other-${i}`, `other-${i}`), signedIn(`other-${i}`))),
    );
    const withManyUsers = await usersSessions();
    expect(withManyUsers).toEqual(withFewUsers);
    // HGETALL and MGET; the script, its HGETALL and the two HDELs.
    expect(withFewUsers).toEqual({ listing: 2, ending: 4 });
  });

  describe('replacing a session by a new one (a sign-in, a renewal of its id)', () => {
    const destroy = (store: RedisSessionStore, id: string): Promise<void> =>
      new Promise((resolve, reject) => store.destroy(id, (error) => (error ? reject(error) : resolve())));
    // As @fastify/session's regenerate does: delete the old session, then store the new one.
    const regenerating =
      (store: RedisSessionStore, oldId: string, newId: string, save = true) =>
      async () => {
        await destroy(store, oldId);
        if (save) await store.save(newId, signedIn('user-20'));
        else throw new Error('the new session could not be stored');
      };
    const stored = (store: RedisSessionStore, id: string) => ({ sessionId: id, createdAt: nowSeconds() }) as never;

    it('turns the old record into a mark: its id loads as replaced, and the mark expires', async () => {
      const store = storeWith();
      await store.save('anonymous-20', { cartId: 'cart-20' } as unknown as Session);
      await store.replace(
        stored(store, 'anonymous-20'),
        regenerating(store, 'anonymous-20', idOf('signed-in-20', 'user-20')),
      );

      expect(await store.load('anonymous-20')).toBe(REPLACED_SESSION);
      expect(await store.load(idOf('signed-in-20', 'user-20'))).toMatchObject({ user: { id: 'user-20' } });
      expect(JSON.parse((await observer.get(store.keyOf('anonymous-20')))!)).toEqual({
        replacedAt: expect.any(Number),
      });
      expect(await observer.pttl(store.keyOf('anonymous-20'))).toBeGreaterThan(110_000);
      expect(await observer.pttl(store.keyOf('anonymous-20'))).toBeLessThanOrEqual(120_000);
    });

    it("marks a signed-in session in its user's hash, keeps the mark through a sign-in, removes it once old", async () => {
      const store = storeWith();
      const [old, renewed] = [idOf('old-21', 'user-20'), idOf('renewed-21', 'user-20')];
      await store.save(old, signedIn('user-20'));
      await store.replace(stored(store, old), regenerating(store, old, renewed));
      expect(await store.load(old)).toBe(REPLACED_SESSION);
      // Another device signs in: its save prunes the hash of sessions past their timeouts.
      await store.save(idOf('other-device-21', 'user-20'), signedIn('user-20'));
      expect(await store.load(old)).toBe(REPLACED_SESSION);

      await observer.hset(store.userKeyOf('user-20'), store.publicIdOf(old), replacedMark(nowSeconds() - 121));
      expect(await store.load(old)).toBeNull();
      expect(await observer.hexists(store.userKeyOf('user-20'), store.publicIdOf(old))).toBe(0);
      expect(await store.load(renewed)).toMatchObject({ user: { id: 'user-20' } });
    });

    it('refuses a late change of the replaced session, writing nothing', async () => {
      const store = storeWith();
      await store.save('anonymous-22', { cartId: 'cart-22' } as unknown as Session);
      const late = (await store.load('anonymous-22'))!;
      store.remember(late);
      await store.replace(
        stored(store, 'anonymous-22'),
        regenerating(store, 'anonymous-22', idOf('signed-in-22', 'user-20')),
      );
      const mark = await observer.get(store.keyOf('anonymous-22'));

      late.cartId = 'changed-by-a-late-request';
      await expect(store.save('anonymous-22', late)).rejects.toThrow(SessionReplacedException);
      expect(await observer.get(store.keyOf('anonymous-22'))).toBe(mark);
    });

    it('leaves the old session as it was when the new one cannot be stored', async () => {
      const store = storeWith();
      await store.save('anonymous-23', { cartId: 'cart-23' } as unknown as Session);
      await expect(
        store.replace(stored(store, 'anonymous-23'), regenerating(store, 'anonymous-23', 'unused', false)),
      ).rejects.toThrow('could not be stored');
      expect(await store.load('anonymous-23')).toMatchObject({ cartId: 'cart-23' });
      // Deleting it is no longer left out once the replacement is over.
      await destroy(store, 'anonymous-23');
      expect(await store.load('anonymous-23')).toBeNull();
    });
  });

  it('deletes a session server-side', async () => {
    const store = storeWith();
    await store.save(idOf('session-id-7'), signedIn());
    await new Promise<void>((resolve, reject) =>
      store.destroy(idOf('session-id-7'), (error) => (error ? reject(error) : resolve())),
    );
    expect(await store.load(idOf('session-id-7'))).toBeNull();
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
      await expect(deadStore.save(idOf('any-id'), signedIn())).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});
