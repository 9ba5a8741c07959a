import { RedisServer, Stack, startRedisServer, startStack } from '@app/stack';
import { HttpClient } from './support/http-client';

const password = 'correct horse battery';

async function eventually<T>(attempt: () => Promise<T>, accept: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('when Redis goes away and comes back', () => {
  let redis: RedisServer;
  let stack: Stack;
  let client: HttpClient;

  beforeAll(async () => {
    redis = await startRedisServer({ appendOnly: true });
    stack = await startStack({ redisUrl: redis.url, replicas: 1 });
    client = new HttpClient(stack.gatewayUrl);
    await client.post('/auth/register', { email: 'outage@example.com', password });
    expect((await client.post('/auth/login', { email: 'outage@example.com', password })).status).toBe(200);
    await client.post('/cart/items', { sku: 'MUG-001', quantity: 3 });
    await redis.stop();
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it.each([
    ['GET', '/auth/me'],
    ['GET', '/profile'],
    ['GET', '/cart'],
    ['POST', '/auth/logout'],
  ])('answers %s %s with a 503 JSON error within a second', async (method, path) => {
    const started = Date.now();
    const response = await client.request(method, path);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String) });
  });

  it('answers a login with 503, not 401', async () => {
    const response = await new HttpClient(stack.gatewayUrl).post('/auth/login', { email: 'outage@example.com', password });
    expect(response.status).toBe(503);
  });

  it('keeps public routes working, with or without a session cookie', async () => {
    expect((await client.get('/cart/catalog')).status).toBe(200);
    expect((await new HttpClient(stack.gatewayUrl).get('/cart/catalog')).status).toBe(200);
    expect(client.cookies.has('sid')).toBe(true);
  });

  it('reports not ready while staying alive', async () => {
    const [auth] = stack.replicas.filter((replica) => replica.app === 'auth');
    expect((await new HttpClient(auth.url).get('/auth/health/live')).status).toBe(200);
    expect((await new HttpClient(auth.url).get('/auth/health/ready')).status).toBe(503);
  });

  it('serves again within 2 s of Redis coming back, with no restart, the session intact', async () => {
    await redis.restart();
    const me = await eventually(() => client.get('/auth/me'), (response) => response.status === 200, 2000);
    expect(me.body).toMatchObject({ email: 'outage@example.com' });
    expect((await client.get<{ totalCents: number }>('/cart')).body.totalCents).toBe(3 * 1200);
  });
});
