import { RedisDeployment, Stack, startRedisDeployment, startStack } from '@app/stack';
import { HttpClient } from '../support/http-client';

const password = 'correct horse battery';
type CartBody = { items: { sku: string; quantity: number }[] };

// The apps on a Redis Cluster (3 masters, 3 replicas): every flow whose keys span slots, and a
// master killed under load.
describe('Redis Cluster (real redis-server --cluster-enabled processes and app processes)', () => {
  let redis: RedisDeployment | undefined;
  let stack: Stack | undefined;

  beforeAll(async () => {
    redis = await startRedisDeployment('cluster');
    stack = await startStack({
      redisEnv: redis.env,
      replicas: 1,
      readyTimeoutMs: 120_000,
      env: { PASSWORD_SCRYPT_LOG2_COST: '10' },
      forwardOutput: !!process.env.FORWARD_OUTPUT,
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  const signUp = async (email: string, client = new HttpClient(stack!.gatewayUrl)): Promise<HttpClient> => {
    expect((await client.post('/auth/register', { email, password })).status).toBe(201);
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    return client;
  };

  it('registers one account per email under concurrent registrations', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        new HttpClient(stack!.gatewayUrl).post('/auth/register', { email: 'twice@example.com', password }),
      ),
    );
    expect(answers.map(({ status }) => status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('merges the anonymous cart exactly once when many requests after sign-in race to merge it', async () => {
    const client = new HttpClient(stack!.gatewayUrl);
    expect((await client.post('/cart/items', { sku: 'MUG-001', quantity: 2 })).status).toBe(200);
    expect((await client.post('/cart/items', { sku: 'TEE-002', quantity: 1 })).status).toBe(200);
    await signUp('merger@example.com', client);
    const carts = await Promise.all(Array.from({ length: 10 }, () => client.get<CartBody>('/cart')));
    expect(carts.map(({ status }) => status)).toEqual(Array(10).fill(200));
    const cart = await client.get<CartBody>('/cart');
    expect(cart.body.items.map(({ sku, quantity }) => [sku, quantity])).toEqual([
      ['MUG-001', 2],
      ['TEE-002', 1],
    ]);
  });

  it('lists, ends and revokes sessions across slots', async () => {
    const first = await signUp('many@example.com', new HttpClient(stack!.gatewayUrl, { 'user-agent': 'Phone/1' }));
    const second = new HttpClient(stack!.gatewayUrl, { 'user-agent': 'Laptop/2' });
    expect((await second.post('/auth/login', { email: 'many@example.com', password })).status).toBe(200);
    const list = await first.get<{ userAgent: string }[]>('/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.map(({ userAgent }) => userAgent).sort()).toEqual(['Laptop/2', 'Phone/1']);
    expect((await first.post('/auth/logout-all?keepCurrent=true')).status).toBe(204);
    expect((await second.get('/auth/me')).status).toBe(401);
    expect((await first.get('/auth/me')).status).toBe(200);
  });

  it('a master killed: 503 (never 500) until its replica takes over, then served again without a restart', async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, (_, index) => signUp(`cluster-kill-${index}@example.com`)),
    );
    const pids = stack!.replicas.map((replica) => replica.process.pid);
    const masters = await redis!.cluster!.masters();
    const victim = masters[0];
    const statuses = new Map<number, number>();
    let stopped = false;
    const load = Promise.all(
      clients.map(async (client) => {
        while (!stopped) {
          const status = (await client.get('/auth/me').catch(() => null))?.status ?? 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const killedAt = Date.now();
    await victim.kill();
    await redis!.cluster!.waitUntilHealthy();
    let recovered = 0;
    while (Date.now() - killedAt < 30_000) {
      const answers = await Promise.all(clients.map((client) => client.get('/auth/me').catch(() => null)));
      if (answers.every((answer) => answer?.status === 200)) {
        recovered = Date.now() - killedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stopped = true;
    await load;
    process.stdout.write(
      `cluster master kill: every signed-in client served again ${recovered} ms after the SIGKILL; ` +
        `statuses meanwhile ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(recovered).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(stack!.replicas.map((replica) => replica.process.pid)).toEqual(pids);
  });
});
