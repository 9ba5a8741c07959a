import { pollUntil, RedisDeployment, Stack, startRedisDeployment, startStack } from '@app/stack';
import { HttpClient, HttpResponse } from '../support/http-client';
import { untilReplicated } from '../support/replicated';

const password = 'correct horse battery';
// The goal with down-after-milliseconds 1000; printed, and asserted with the margin a
// shared two-core machine needs (RECOVERY_LIMIT_MS tightens it on a quiet one).
const RECOVERY_GOAL_MS = 5000;
const RECOVERY_LIMIT_MS = Number(process.env.RECOVERY_LIMIT_MS ?? 10_000);

interface Sample {
  at: number;
  path: string;
  status: number;
}

/** Sends `paths` round-robin from each client, back to back, until stopped; keeps every answer. */
function probe(clients: HttpClient[], paths: string[]): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let stopped = false;
  const loops = clients.map(async (client, index) => {
    for (let n = index; !stopped; n++) {
      const path = paths[n % paths.length];
      const response: HttpResponse | null = await client.get(path).catch(() => null);
      samples.push({ at: Date.now(), path, status: response?.status ?? 0 });
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return samples;
    },
  };
}

describe('Sentinel: the master killed (real redis-server, redis-server --sentinel and app processes)', () => {
  let redis: RedisDeployment | undefined;
  let stack: Stack | undefined;

  beforeAll(async () => {
    redis = await startRedisDeployment('sentinel');
    stack = await startStack({
      redisEnv: redis.env,
      replicas: 1,
      readyTimeoutMs: 120_000,
      forwardOutput: !!process.env.FORWARD_OUTPUT,
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it('answers 503 (never 500) on session routes until the failover, then serves again without a restart', async () => {
    const { gatewayUrl, replicas } = stack!;
    const pids = replicas.map((replica) => replica.process.pid);
    const clients: HttpClient[] = [];
    for (let index = 0; index < 4; index++) {
      const client = new HttpClient(gatewayUrl, { 'x-forwarded-for': `198.51.100.${index + 1}` });
      const email = `failover${index}@example.com`;
      expect((await client.post('/auth/register', { email, password })).status).toBe(201);
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      expect((await client.post('/cart/items', { sku: 'MUG-001', quantity: index + 1 })).status).toBe(200);
      clients.push(client);
    }
    const master = await redis!.sentinel!.master();
    await untilReplicated(master, 'before-the-kill');

    const sessionPaths = ['/auth/me', '/cart', '/profile'];
    const load = probe(clients, [...sessionPaths, '/cart/catalog']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killedAt = Date.now();
    await master.kill();
    await redis!.sentinel!.waitForNewMaster(master);
    const promotedAt = Date.now();
    // Until every session path has answered 200 from the gateway for a second in a row.
    let stableSince = 0;
    while (Date.now() - killedAt < 30_000) {
      const answers = await Promise.all(sessionPaths.map((path) => clients[0].get(path).catch(() => null)));
      if (answers.every((answer) => answer?.status === 200)) {
        stableSince ||= Date.now();
        if (Date.now() - stableSince >= 1000) break;
      } else {
        stableSince = 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const samples = await load.stop();

    const afterKill = samples.filter((sample) => sample.at >= killedAt);
    const sessionSamples = afterKill.filter((sample) => sessionPaths.includes(sample.path));
    const unavailable = sessionSamples.filter((sample) => sample.status !== 200);
    const lastUnavailable = unavailable.length ? unavailable[unavailable.length - 1].at : killedAt;
    const recoveryMs = lastUnavailable - killedAt;
    const statuses = [...new Set(sessionSamples.map((sample) => sample.status))].sort();
    const perPath = sessionPaths.map((path) => {
      const last = unavailable.filter((sample) => sample.path === path).pop();
      return `${path} ${last ? last.at - killedAt : 0} ms`;
    });
    process.stdout.write(
      `Sentinel failover: new master named ${promotedAt - killedAt} ms after the SIGKILL; session routes ` +
        `served again ${recoveryMs} ms after it (goal ${RECOVERY_GOAL_MS} ms); ${sessionSamples.length} session ` +
        `requests meanwhile, ${unavailable.length} answered 503; statuses seen ${statuses.join(', ')}; ` +
        `last 503 by path: ${perPath.join(', ')}\n`,
    );

    // Never a 500, never a hang: 200 or 503 only.
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
    // The public route never needed Redis.
    const publicFailures = afterKill.filter((sample) => sample.path === '/cart/catalog' && sample.status !== 200);
    expect(publicFailures).toEqual([]);

    // Everything written before the kill is there, and new sign-ins work; no replica restarted.
    for (const [index, client] of clients.entries()) {
      const me = await client.get<{ email: string }>('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(`failover${index}@example.com`);
      const cart = await client.get<{ items: { sku: string; quantity: number }[] }>('/cart');
      expect(cart.body.items).toEqual([expect.objectContaining({ sku: 'MUG-001', quantity: index + 1 })]);
    }
    const newcomer = new HttpClient(gatewayUrl);
    expect((await newcomer.post('/auth/register', { email: 'after@example.com', password })).status).toBe(201);
    // A sign-in is acknowledged only once a replica holds its session (WAIT): until Sentinel has
    // pointed the remaining replica at the new master and it has synced, a sign-in answers 503,
    // which the reads above do not wait for. Then it works, within the same limit.
    // A request that fails outright is kept as status 0, and ends the wait.
    const signIns: number[] = [];
    await pollUntil(
      async () => {
        const signIn = await newcomer.post('/auth/login', { email: 'after@example.com', password }).catch(() => null);
        signIns.push(signIn?.status ?? 0);
        return signIns.at(-1) !== 503;
      },
      { timeoutMs: RECOVERY_LIMIT_MS, intervalMs: 200, abandon: () => false },
    );
    process.stdout.write(`Sentinel failover: sign-ins after the reads came back: ${signIns.join(', ')}\n`);
    expect(signIns.filter((status) => status !== 503)).toEqual([200]);
    expect((await newcomer.get('/auth/me')).status).toBe(200);
    expect(replicas.map((replica) => replica.process.pid)).toEqual(pids);
  });
});
