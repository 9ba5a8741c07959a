import { freePort, pollUntil, RedisServer, startRedisServer, throwawaySessionSecret } from '@app/stack';
import { AppProcess, startAppProcess } from './support/app-process';

// An app started alone, before any Redis exists: what a newcomer running `nest start auth` sees.
describe('an app started without Redis (real process, then a real redis-server on its port)', () => {
  let app: AppProcess | undefined;
  let redis: RedisServer | undefined;
  let redisPort: number;

  beforeAll(async () => {
    redisPort = await freePort();
    app = await startAppProcess(
      'auth',
      { REDIS_URL: `redis://127.0.0.1:${redisPort}`, SESSION_SECRETS: throwawaySessionSecret(), LOG_FORMAT: 'json' },
      { until: 'listening' },
    );
  });

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it('logs which Redis it cannot reach and the three ways to get one', () => {
    const advice = app!.lines.find((line) => line.includes('cannot be reached'));
    expect(advice).toContain(`127.0.0.1:${redisPort}`);
    expect(advice).toContain('ECONNREFUSED');
    expect(advice).toContain('npm start');
    expect(advice).toContain('redis-server');
    expect(advice).toContain('REDIS_URL');
  });

  it('answers readiness 503 saying why, and a route that needs Redis 503', async () => {
    const ready = await fetch(`${app!.url}/auth/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { message: string };
    expect(body.message).toMatch(
      new RegExp(`^Not ready: redis: Redis at 127\\.0\\.0\\.1:${redisPort} cannot be reached .*ECONNREFUSED`),
    );
    const login = await fetch(`${app!.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.com', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(503);
  });

  it('keeps connecting, and is ready once Redis is there, without a restart', async () => {
    redis = await startRedisServer({ port: redisPort });
    const ready = await pollUntil(
      async () => (await fetch(`${app!.url}/auth/health/ready`, { signal: AbortSignal.timeout(1_000) })).status === 200,
      { timeoutMs: 5_000, intervalMs: 100, abandon: () => false },
    );
    expect(ready).toBe('ready');
  });
});
