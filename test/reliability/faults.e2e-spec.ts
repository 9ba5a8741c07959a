import { readyTimeoutFor, RedisServer, ROUTE_TABLE, Stack } from '@app/stack';
import { HttpClient } from '../support/http-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { ReliabilityReport } from '../support/reliability-report';
import { startSteadyLoad } from '../support/steady-load';

const password = 'correct horse battery';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `response` with how long it took to come. */
async function timed<T>(name: string, response: Promise<T>): Promise<{ name: string; response: T; ms: number }> {
  const started = Date.now();
  return { name, response: await response, ms: Date.now() - started };
}

/** Polls until `accept` holds, failing after `withinMs`; resolves how long it took. */
async function within(withinMs: number, attempt: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await attempt().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(25);
  }
}

// Every route that needs the session or Redis, with a body it would accept.
const SESSION_ROUTES: [string, string, unknown?][] = [
  ['GET', '/auth/me'],
  ['GET', '/auth/sessions'],
  ['POST', '/auth/logout'],
  ['POST', '/auth/logout-all'],
  ['POST', '/auth/password', { currentPassword: password, newPassword: 'another password' }],
  ['DELETE', '/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA'],
  ['PUT', '/auth/users/nobody/roles', { roles: ['user'] }],
  ['POST', '/auth/login', { email: 'fault0@example.com', password }],
  ['POST', '/auth/register', { email: 'newcomer@example.com', password }],
  ['GET', '/profile'],
  ['PATCH', '/profile', { displayName: 'x' }],
  ['GET', '/cart'],
  ['POST', '/cart/items', { sku: 'MUG-001', quantity: 1 }],
  ['PATCH', '/cart/items/MUG-001', { quantity: 2 }],
  ['DELETE', '/cart/items/MUG-001'],
  ['DELETE', '/cart'],
];

const REPLICAS = 2;
// One restart after another: each may take a process's start on a busy machine.
const ROLLING_RESTART_TIMEOUT_MS = ROUTE_TABLE.length * REPLICAS * readyTimeoutFor(1);

describe('faults: Redis down, restarted or slow, replicas killed or rolled (real processes)', () => {
  const report = new ReliabilityReport('faults', 'Faults');
  let running: TestStack | undefined;
  let redis: RedisServer;
  let stack: Stack;
  let clients: HttpClient[];

  // After a Redis restart each replica reconnects on its own backoff (at most 1 s apart): the
  // stack serves again once every auth replica answers, not the first one.
  const servedByEveryReplica = async (): Promise<boolean> => {
    const answers = await Promise.all(
      stack.replicas.filter(({ app }) => app === 'auth').map((replica) => clients[0].at(replica.url).get('/auth/me')),
    );
    return answers.every(({ status }) => status === 200);
  };

  const expectSignedIn = async (): Promise<void> => {
    for (const [index, client] of clients.entries()) {
      const me = await client.get<{ email: string }>('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(`fault${index}@example.com`);
    }
  };

  beforeAll(async () => {
    running = await startTestStack({ redis: { appendOnly: true }, replicas: REPLICAS });
    ({ redis, stack } = running);
    clients = [];
    for (let index = 0; index < 4; index++) {
      const client = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': `198.51.100.${index + 1}` });
      const email = `fault${index}@example.com`;
      expect((await client.post('/auth/register', { email, password })).status).toBe(201);
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      expect((await client.patch('/profile', { displayName: `Fault ${index}` })).status).toBe(200);
      expect((await client.post('/cart/items', { sku: 'TEE-002', quantity: index + 1 })).status).toBe(200);
      clients.push(client);
    }
  });

  afterAll(async () => {
    report.write();
    await running?.stop();
  });

  it('answers every session route 503 within 1 s while Redis is stopped, keeps public routes, and serves again within 2 s', async () => {
    await redis.stop();
    const [client] = clients;
    let slowest = 0;
    for (const [method, path, body] of SESSION_ROUTES) {
      const started = Date.now();
      const response = await client.request(method, path, body);
      slowest = Math.max(slowest, Date.now() - started);
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 503,
      });
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect(slowest).toBeLessThan(1000);
    for (const replica of stack.replicas) {
      const prefix = `/${replica.app}`;
      expect((await new HttpClient(replica.url).get(`${prefix}/health/ready`)).status).toBe(503);
      expect((await new HttpClient(replica.url).get(`${prefix}/health/live`)).status).toBe(200);
    }
    expect((await client.get('/cart/catalog')).status).toBe(200);
    expect((await new HttpClient(stack.gatewayUrl).get('/cart/catalog')).status).toBe(200);

    await redis.restart();
    const recovery = await within(2000, servedByEveryReplica);
    await expectSignedIn();
    report.add({
      case: 'Redis stopped (SIGTERM): every session route, then started again',
      requests: SESSION_ROUTES.length + stack.replicas.length * 2 + 2,
      outcome: `all ${SESSION_ROUTES.length} session routes 503 JSON (slowest ${slowest} ms); ready 503, live 200; catalog 200; served again ${recovery} ms after restart, no app restart`,
    });
  });

  it('keeps users, sessions, profiles and carts written over a second before Redis is killed (AOF, fsync every second)', async () => {
    await sleep(1200);
    await redis.kill();
    await redis.restart();
    await within(2000, servedByEveryReplica);
    await expectSignedIn();
    for (const [index, client] of clients.entries()) {
      expect((await client.get('/profile')).body).toMatchObject({ displayName: `Fault ${index}` });
      expect((await client.get('/cart')).body).toMatchObject({
        items: [expect.objectContaining({ sku: 'TEE-002', quantity: index + 1 })],
      });
    }
    const again = await new HttpClient(stack.gatewayUrl).post('/auth/login', { email: 'fault0@example.com', password });
    expect(again.status).toBe(200);
    report.add({
      case: 'Redis killed (SIGKILL) and restarted from its append-only file',
      requests: clients.length * 3 + 1,
      outcome: 'every user, session, profile and cart present; clients still signed in; login works',
    });
  });

  it('loses no session and fails no request when one replica of each app is killed under load', async () => {
    const load = startSteadyLoad({ clients, paths: ['/auth/me', '/profile', '/cart'] });
    await sleep(500);
    const victims = ['auth', 'profile', 'cart'].map((app) => stack.replicas.find((replica) => replica.app === app)!);
    await Promise.all(victims.map((replica) => replica.stop('SIGKILL')));
    await sleep(1500);
    const result = await load.stop();

    expect(result.failures).toEqual([]);
    await expectSignedIn();
    for (const victim of victims) {
      const survivor = stack.replicas.find((replica) => replica.app === victim.app && replica !== victim)!;
      expect(result.servedBy.get(`${survivor.app}-${survivor.name}`)).toBeGreaterThan(0);
    }
    await Promise.all(victims.map((replica) => replica.restart()));
    report.add({
      case: 'one replica of each app killed (SIGKILL) under steady load through the gateway',
      requests: result.requests,
      outcome: `0 failed (idempotent requests to the dead replica retried by the gateway); every session intact`,
    });
  });

  it(
    'fails no request while every replica of every app is restarted one after another (SIGTERM)',
    async () => {
      const load = startSteadyLoad({ clients, paths: ['/auth/me', '/profile', '/cart'] });
      await sleep(300);
      for (const replica of stack.replicas) await replica.restart();
      await sleep(300);
      const result = await load.stop();

      expect(result.failures).toEqual([]);
      await expectSignedIn();
      report.add({
        case: `rolling restart: all ${stack.replicas.length} replicas, one after another (SIGTERM), under steady load`,
        requests: result.requests,
        outcome: '0 failed; every session intact',
      });
    },
    ROLLING_RESTART_TIMEOUT_MS,
  );

  it('answers 503 within the command timeout, not piling up, while Redis is paused (login and register too), and recovers', async () => {
    process.kill(redis.process.pid!, 'SIGSTOP');
    try {
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => clients[i % clients.length].get('/auth/me')),
      );
      const elapsed = Date.now() - started;
      expect(responses.map((response) => response.status)).toEqual(Array(40).fill(503));
      expect(elapsed).toBeLessThan(1500);
      report.add({
        case: 'Redis paused (SIGSTOP): 40 concurrent session reads',
        requests: 40,
        outcome: `all 503 JSON within ${elapsed} ms (1 s command timeout), none waiting on Redis`,
      });

      // Sign-in and registration are public routes that make Redis commands of their own (limits,
      // the user): with a cookie, the session read has already waited out its timeout.
      const anonymous = new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': '198.51.100.99' });
      const signIns = await Promise.all(
        [clients[0], clients[1], anonymous].flatMap((client, index) => [
          timed(`login ${index}`, client.post('/auth/login', { email: 'fault0@example.com', password })),
          timed(`register ${index}`, client.post('/auth/register', { email: `paused${index}@example.com`, password })),
        ]),
      );
      for (const { name, response } of signIns) {
        expect({ name, status: response.status, body: response.body }).toEqual({
          name,
          status: 503,
          body: expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }),
        });
      }
      const slowest = Math.max(...signIns.map(({ ms }) => ms));
      expect(slowest).toBeLessThan(1500);
      report.add({
        case: 'Redis paused (SIGSTOP): login and register, signed in and not',
        requests: signIns.length,
        outcome: `all 503 JSON, slowest ${slowest} ms (1 s command timeout), no second wait on Redis`,
      });
    } finally {
      process.kill(redis.process.pid!, 'SIGCONT');
    }
    await within(2000, servedByEveryReplica);
    await expectSignedIn();
    expect((await clients[0].post('/auth/login', { email: 'fault0@example.com', password })).status).toBe(200);
  });
});
