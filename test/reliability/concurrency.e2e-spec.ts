import type { RedisClient } from '@app/redis';
import { userTagOf } from '@app/session/session-id';
import { Stack } from '@app/stack';
import { HttpClient } from '../support/http-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { ReliabilityReport } from '../support/reliability-report';

const password = 'correct horse battery';
const SKUS = ['MUG-001', 'TEE-002', 'CAP-003', 'BAG-004', 'PEN-005', 'NTB-006'];

interface CartBody {
  items: { sku: string; quantity: number }[];
}

describe('concurrency: many requests of one session, many clients at once (real processes)', () => {
  const report = new ReliabilityReport('concurrency', 'Concurrency');
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
  let counter = 0;

  const replicaUrls = (app: string): string[] => stack.replicas.filter((r) => r.app === app).map((r) => r.url);
  const newClient = (): HttpClient =>
    new HttpClient(stack.gatewayUrl, {
      'x-forwarded-for': `10.${counter >> 16}.${(counter >> 8) & 255}.${counter++ & 255}`,
    });

  async function signedIn(client = newClient()): Promise<{ client: HttpClient; id: string; email: string }> {
    const email = `concurrent${counter}-${Date.now()}@example.com`;
    const registered = await client.post<{ id: string }>('/auth/register', { email, password });
    expect(registered.status).toBe(201);
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    return { client, id: registered.body.id, email };
  }

  beforeAll(async () => {
    // A cheap KDF setting: this suite makes hundreds of accounts; the default is tested elsewhere.
    running = await startTestStack({ replicas: 2, env: { PASSWORD_SCRYPT_LOG2_COST: '10' } });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    report.write();
    await running?.stop();
  });

  it('adds up 200 concurrent cart adds from one session over every cart replica, capped as documented', async () => {
    const { client } = await signedIn();
    const replicas = replicaUrls('cart');
    // 40 adds of 1 unit to each of four products, and 40 adds of 3 to a fifth (120, capped at 99).
    const adds = Array.from({ length: 200 }, (_, i) =>
      i < 160 ? { sku: SKUS[i % 4], quantity: 1 } : { sku: SKUS[4], quantity: 3 },
    );
    const responses = await Promise.all(
      adds.map((add, i) => client.at(replicas[i % replicas.length]).post('/cart/items', add)),
    );
    expect(responses.filter((response) => response.status !== 200)).toEqual([]);

    const cart = await client.get<CartBody>('/cart');
    const quantities = Object.fromEntries(cart.body.items.map((item) => [item.sku, item.quantity]));
    expect(quantities).toEqual({ [SKUS[0]]: 40, [SKUS[1]]: 40, [SKUS[2]]: 40, [SKUS[3]]: 40, [SKUS[4]]: 99 });
    report.add({
      case: '200 concurrent cart adds from one session, over every cart replica',
      requests: 200,
      outcome: 'every add applied: 4 lines of 40, one line of 120 capped at 99; no line lost',
    });
  });

  it('keeps a session destroyed on every replica when a logout races its in-flight requests', async () => {
    const client = newClient();
    await client.post('/cart/items', { sku: 'MUG-001', quantity: 1 }); // so racing requests rewrite the session
    const { id } = await signedIn(client);
    const cookie = client.cookies.get('sid')!;
    const direct = (url: string): HttpClient => new HttpClient(url, { cookie: `sid=${cookie}` });
    const [carts, profiles] = [replicaUrls('cart'), replicaUrls('profile')];

    const inFlight = Array.from({ length: 60 }, (_, i) => {
      if (i % 3 === 2) return direct(profiles[i % profiles.length]).get('/profile');
      const cart = direct(carts[i % carts.length]);
      return i % 3 === 0 ? cart.post('/cart/items', { sku: 'TEE-002', quantity: 1 }) : cart.get('/cart');
    });
    const logout = direct(replicaUrls('auth')[0]).post('/auth/logout');
    const statuses = (await Promise.all([...inFlight, logout])).map((response) => response.status);
    expect(statuses.filter((status) => status !== 200 && status !== 204 && status !== 401)).toEqual([]);

    for (const replica of stack.replicas.filter((r) => r.app === 'auth' || r.app === 'profile')) {
      const path = replica.app === 'auth' ? '/auth/me' : '/profile';
      expect((await direct(replica.url).get(path)).status).toBe(401);
    }
    expect(await observer.hlen(`sess:user:${userTagOf(id)}`)).toBe(0);
    report.add({
      case: 'logout racing 60 in-flight requests of the same session (cart writes, reads) on every replica',
      requests: 61,
      outcome: "only 200/204/401; afterwards 401 on every replica; nothing left of the session in its user's hash",
    });
  });

  it('gives each of 500 clients registering, signing in and editing at once exactly its own data', async () => {
    const CLIENTS = 500;
    const flows = Array.from({ length: CLIENTS }, async (_, i) => {
      const { client, email } = await signedIn();
      const sku = SKUS[i % SKUS.length];
      const quantity = (i % 9) + 1;
      const patched = await client.patch('/profile', { displayName: `Client ${i}`, bio: `bio of ${email}` });
      const added = await client.post('/cart/items', { sku, quantity });
      return { client, email, sku, quantity, i, statuses: [patched.status, added.status] };
    });
    const started = Date.now();
    const done = await Promise.all(flows);
    const elapsed = Date.now() - started;
    expect(done.flatMap(({ statuses }) => statuses).filter((status) => status !== 200)).toEqual([]);

    for (const { client, email, sku, quantity, i } of done) {
      const [me, profile, cart] = await Promise.all([
        client.get<{ email: string }>('/auth/me'),
        client.get<{ email: string; displayName: string; bio: string }>('/profile'),
        client.get<CartBody>('/cart'),
      ]);
      expect(me.body.email).toBe(email);
      expect(profile.body).toMatchObject({ email, displayName: `Client ${i}`, bio: `bio of ${email}` });
      expect(cart.body.items.map(({ sku: line, quantity: units }) => ({ sku: line, quantity: units }))).toEqual([
        { sku, quantity },
      ]);
    }
    report.add({
      case: `${CLIENTS} clients registering, signing in, editing profile and cart at once`,
      requests: CLIENTS * 7,
      outcome: `every client ends with exactly its own account, session, profile and cart (${(elapsed / 1000).toFixed(1)} s)`,
    });
  });
});
