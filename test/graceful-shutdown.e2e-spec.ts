import { setTimeout as delay } from 'node:timers/promises';
import { ROUTE_TABLE, Stack } from '@app/stack';
import { HttpClient } from './support/http-client';
import { startSteadyLoad } from './support/steady-load';
import { startTestStack, TestStack } from './support/test-stack';

// Long enough for the readiness checks below to run while the replicas still serve.
const DRAIN_SECONDS = 2;
// The app's default SHUTDOWN_TIMEOUT_SECONDS: with the drain, the bound on a replica's exit.
const TIMEOUT_SECONDS = 10;
// A request of each app that needs the session and Redis.
const SIGNED_IN_PATHS: Record<string, string> = { auth: '/auth/me', profile: '/profile', cart: '/cart' };
const password = 'correct horse battery';

async function statusOf(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return response.status;
}

describe('graceful shutdown (real Redis, real processes, the gateway)', () => {
  let running: TestStack | undefined;
  let stack: Stack | undefined;
  const unexpectedExits: string[] = [];

  beforeAll(async () => {
    running = await startTestStack({
      apps: ROUTE_TABLE.filter(({ app }) => app in SIGNED_IN_PATHS),
      replicas: 2,
      env: { SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS), REGISTER_MAX_PER_WINDOW: '1000' },
      onReplicaExit: (replica, code, signal) =>
        unexpectedExits.push(`${replica.app}-${replica.name} exited (${code ?? signal})`),
    });
    ({ stack } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  async function signedInClient(index: number): Promise<{ client: HttpClient; id: string }> {
    const client = new HttpClient(stack!.gatewayUrl);
    const email = `shutdown${index}-${process.pid}@example.com`;
    const registered = await client.post<{ id: string }>('/auth/register', { email, password });
    expect(registered.status).toBe(201);
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    return { client, id: registered.body.id };
  }

  it('takes one replica of each app out under load: no request fails, no session is lost', async () => {
    const users = await Promise.all([1, 2, 3].map(signedInClient));
    const clients = users.map(({ client }) => client);
    const load = startSteadyLoad({ clients, paths: Object.values(SIGNED_IN_PATHS), concurrency: 6 });
    try {
      await delay(300);
      const leaving = stack!.replicas.filter((replica) => replica.name === '1');
      const signalled = Date.now();
      const exits = leaving.map(async (replica) => {
        await replica.stop('SIGTERM');
        return {
          replica: `${replica.app}-${replica.name}`,
          seconds: (Date.now() - signalled) / 1000,
          process: replica.process,
        };
      });

      // While it drains, a replica fails its readiness check and still answers requests.
      for (const replica of leaving) {
        const { readinessPath } = ROUTE_TABLE.find(({ app }) => app === replica.app)!;
        const deadline = Date.now() + 1_000;
        let readiness = await statusOf(replica.url + readinessPath);
        while (readiness !== 503 && Date.now() < deadline) readiness = await statusOf(replica.url + readinessPath);
        expect({ replica: replica.app, readiness }).toEqual({ replica: replica.app, readiness: 503 });
        const served = await clients[0].at(replica.url).get(SIGNED_IN_PATHS[replica.app]);
        expect({ replica: replica.app, status: served.status }).toEqual({ replica: replica.app, status: 200 });
      }

      for (const exit of await Promise.all(exits)) {
        // By itself, from the signal (not the stack's SIGKILL, not the app's own deadline).
        const clean = exit.process.signalCode === 'SIGTERM' || exit.process.exitCode === 0;
        expect({ replica: exit.replica, clean }).toEqual({ replica: exit.replica, clean: true });
        expect(exit.seconds).toBeGreaterThanOrEqual(DRAIN_SECONDS);
        expect(exit.seconds).toBeLessThan(DRAIN_SECONDS + TIMEOUT_SECONDS);
      }
      // The gateway still sends requests to the closed ports: refused, they go to the survivors.
      await delay(500);
    } finally {
      const { requests, failures } = await load.stop();
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(100);
    }
    expect(unexpectedExits).toEqual([]);

    for (const { client, id } of users) {
      const me = await client.get<{ id: string }>('/auth/me');
      expect({ status: me.status, id: me.body.id }).toEqual({ status: 200, id });
      expect((await client.get('/profile')).status).toBe(200);
      expect((await client.get('/cart')).status).toBe(200);
    }
  });
});
