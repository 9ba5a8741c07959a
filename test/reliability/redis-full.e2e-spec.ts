import type { RedisClient } from '@app/redis';
import { Stack } from '@app/stack';
import { HttpClient } from '../support/http-client';
import { startTestStack, TestStack } from '../support/test-stack';

const password = 'correct horse battery';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Redis at its memory limit under `noeviction` (as the stack runs it) refuses every write with
// OOM and still serves reads and deletes.
describe('Redis full: writes refused (real processes, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 1,
      // A touch is due a second after sign-in; three anonymous sessions an hour per address.
      env: { SESSION_TOUCH_INTERVAL_SECONDS: '1', SESSION_ANONYMOUS_PER_HOUR: '3', REGISTER_MAX_PER_WINDOW: '1000' },
    });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await observer?.config('SET', 'maxmemory', '0').catch(() => undefined);
    await running?.stop();
  });

  it('serves reads, answers writes 503 with Retry-After, signs out, and loses nothing', async () => {
    const client = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '203.0.113.10' });
    const email = `full-${process.pid}@example.com`;
    expect((await client.post('/auth/register', { email, password })).status).toBe(201);
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    expect((await client.patch('/profile', { displayName: 'Before' })).status).toBe(200);
    expect((await client.post('/cart/items', { sku: 'MUG-001', quantity: 2 })).status).toBe(200);
    await sleep(1_100);

    expect(await observer.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    await observer.config('SET', 'maxmemory', '1');
    try {
      // Reads whose touch is due: served; the failed touch fails no request.
      expect((await client.get('/cart/catalog')).status).toBe(200);
      expect((await client.get('/auth/me')).status).toBe(200);
      expect((await client.get('/profile')).status).toBe(200);
      expect((await client.get('/cart')).status).toBe(200);

      // Every write: 503 with the usual JSON body and Retry-After, never 500.
      const other = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '203.0.113.11' });
      for (const response of [
        await client.patch('/profile', { displayName: 'During' }),
        await client.post('/cart/items', { sku: 'TEE-002', quantity: 1 }),
        await other.post('/auth/register', { email: `full-other-${process.pid}@example.com`, password }),
        await other.post('/auth/login', { email, password }),
        await other.post('/cart/items', { sku: 'TEE-002', quantity: 1 }),
      ]) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      }

      // The failed touches are counted (asked of the replica itself: metrics are not for proxies).
      const auth = stack.replicas.find((replica) => replica.app === 'auth')!;
      const metrics = await fetch(`${auth.url}/auth/metrics`).then((response) => response.text());
      expect(metrics).toMatch(/session_redis_errors_total\{operation="sessionTouch"[^}]*\} [1-9]/);

      // Signing out still works (Redis allows deletes), and the cookie is cleared.
      const logout = await client.at(stack.gatewayUrl).post('/auth/logout');
      expect(logout.status).toBe(204);
      expect(logout.headers.getSetCookie().join()).toMatch(/sid=;.*Expires=Thu, 01 Jan 1970/i);
    } finally {
      await observer.config('SET', 'maxmemory', '0');
    }

    // Nothing stored was lost or changed; the session ended for good.
    const again = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '203.0.113.12' });
    expect((await again.post('/auth/login', { email, password })).status).toBe(200);
    expect((await again.get<{ displayName: string }>('/profile')).body.displayName).toBe('Before');
    expect((await again.get<{ items: unknown[] }>('/cart')).body.items).toEqual([
      expect.objectContaining({ sku: 'MUG-001', quantity: 2 }),
    ]);
  });

  it('limits the anonymous sessions one address can start, before storing anything', async () => {
    const fromOneAddress = (): HttpClient => new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '203.0.113.50' });
    const before = (await observer.keys('cart:anon:*')).length;
    for (let index = 0; index < 3; index++) {
      expect((await fromOneAddress().post('/cart/items', { sku: 'MUG-001', quantity: 1 })).status).toBe(200);
    }
    const refused = await fromOneAddress().post('/cart/items', { sku: 'MUG-001', quantity: 1 });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect((await observer.keys('cart:anon:*')).length).toBe(before + 3);

    // Another address is not affected, and an anonymous session lives at most its lifetime.
    const elsewhere = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '203.0.113.51' });
    expect((await elsewhere.post('/cart/items', { sku: 'MUG-001', quantity: 1 })).status).toBe(200);
    const anonymousCart = (await observer.keys('cart:anon:*')).pop()!;
    expect(await observer.ttl(anonymousCart)).toBeLessThanOrEqual(7200);
  });
});
