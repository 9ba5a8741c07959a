import Redis from 'ioredis';
import { createRedisClient, RedisClient } from '@app/redis';
import { SessionReplacedException } from '@app/session';
import { RedisServer, startRedisServer } from '@app/stack';
import { CartsRepository } from './carts.repository';

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;
const TTL = 600;

describe('CartsRepository (against a real redis-server)', () => {
  let server: RedisServer;
  let client: RedisClient;
  let observer: Redis;
  let carts: CartsRepository;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient({ url: server.url }, silentLogger);
    observer = new Redis(server.url);
    await new Promise((resolve) => client.once('ready', resolve));
    carts = new CartsRepository(client);
  });

  afterAll(async () => {
    client?.disconnect();
    observer?.disconnect();
    await server?.stop();
  });

  it('merges an anonymous cart once, and refuses every later change of it, which would be lost', async () => {
    await carts.add('cart:anon:a1', 'MUG-001', 2, TTL);
    await carts.add('cart:anon:a1', 'TEE-002', 1, TTL);
    await carts.merge('cart:anon:a1', 'cart:user:{u1}', 'cart:user:{u1}:merged:a1', TTL);
    // Again, as a request racing the first merge, or a retry after a failure, does.
    await carts.merge('cart:anon:a1', 'cart:user:{u1}', 'cart:user:{u1}:merged:a1', TTL);

    const merged = new Map([
      ['MUG-001', 2],
      ['TEE-002', 1],
    ]);
    expect(await carts.lines('cart:user:{u1}')).toEqual(merged);
    // A request of the anonymous session that was still running at the merge.
    await expect(carts.add('cart:anon:a1', 'CAP-003', 1, TTL)).rejects.toThrow(SessionReplacedException);
    await expect(carts.setQuantity('cart:anon:a1', 'MUG-001', 5, TTL)).rejects.toThrow(SessionReplacedException);
    await expect(carts.remove('cart:anon:a1', 'MUG-001')).rejects.toThrow(SessionReplacedException);
    await expect(carts.clear('cart:anon:a1')).rejects.toThrow(SessionReplacedException);
    expect(await carts.lines('cart:anon:a1')).toEqual(merged);
    expect(await observer.ttl('cart:anon:a1')).toBeGreaterThan(TTL - 5);
  });

  it('seals an anonymous cart that was empty or gone at the merge, so a late add starts no cart', async () => {
    await carts.merge('cart:anon:a2', 'cart:user:{u2}', 'cart:user:{u2}:merged:a2', TTL);
    await expect(carts.add('cart:anon:a2', 'MUG-001', 1, TTL)).rejects.toThrow(SessionReplacedException);
    expect(await carts.lines('cart:anon:a2')).toEqual(new Map());
    expect(await observer.exists('cart:user:{u2}')).toBe(0);
  });

  it('changes an unsealed cart as asked', async () => {
    expect(await carts.add('cart:anon:a3', 'MUG-001', 1, TTL)).toBe(true);
    expect(await carts.setQuantity('cart:anon:a3', 'MUG-001', 4, TTL)).toBe(true);
    expect(await carts.setQuantity('cart:anon:a3', 'TEE-002', 4, TTL)).toBe(false);
    expect(await carts.remove('cart:anon:a3', 'TEE-002')).toBe(false);
    expect(await carts.lines('cart:anon:a3')).toEqual(new Map([['MUG-001', 4]]));
    expect(await carts.remove('cart:anon:a3', 'MUG-001')).toBe(true);
    await carts.add('cart:anon:a3', 'MUG-001', 1, TTL);
    await carts.clear('cart:anon:a3');
    expect(await observer.exists('cart:anon:a3')).toBe(0);
  });
});
