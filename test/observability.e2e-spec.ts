import { Signer } from '@fastify/cookie';
import { stripVTControlCharacters } from 'node:util';
import { createGateway, Gateway, RedisServer, startRedisServer, throwawaySessionSecret } from '@app/stack';
import { AppProcess, startAppProcess } from './support/app-process';
import { HttpClient } from './support/http-client';

const password = 'a very secret passphrase 42';
const newPassword = 'another secret passphrase 43';
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;

interface LogLine {
  level: string;
  time: string;
  app: string;
  replica: string;
  msg: string;
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
}

const jsonLines = (app: AppProcess): LogLine[] =>
  app.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });

/** Waits for the request line of `requestId`: it is written when the response has been sent. */
async function requestLine(app: AppProcess, requestId: string): Promise<LogLine> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const line = jsonLines(app).find((entry) => entry.requestId === requestId && entry.status !== undefined);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no request line for ${requestId} in:\n${app.lines.slice(-20).join('\n')}`);
}

/** The value of a Prometheus sample whose name and labels contain `selector`, or 0. */
function sample(metrics: string, name: string, labels: Record<string, string> = {}): number {
  const lines = metrics.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  const matching = lines.filter((line) =>
    Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
  );
  return matching.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('logs and metrics of an app', () => {
  let redis: RedisServer;
  let auth: AppProcess;
  let gateway: Gateway;
  const sessionSecret = throwawaySessionSecret();
  const started: AppProcess[] = [];
  const start = async (env: Record<string, string>): Promise<AppProcess> => {
    const app = await startAppProcess('auth', { REDIS_URL: redis.url, SESSION_SECRETS: sessionSecret, ...env });
    started.push(app);
    return app;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    // The most talkative level: whatever the app can log, the redaction test sees.
    auth = await start({ LOG_LEVEL: 'verbose', LOG_FORMAT: 'json' });
    gateway = await createGateway({ upstreams: { '/auth': [auth.url] } });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(started.map((app) => app.stop()));
    await redis?.stop();
  });

  describe('logs', () => {
    it('writes one JSON line per request: method, path, status, duration, replica and the request id', async () => {
      const response = await fetch(`${gateway.url}/auth/me?token=not-logged`, {
        headers: { 'x-request-id': 'trace-42.a' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('x-request-id')).toBe('trace-42.a');

      const line = await requestLine(auth, 'trace-42.a');
      expect(line).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        app: 'auth',
        replica: 'auth-1',
        requestId: 'trace-42.a',
        method: 'GET',
        path: '/auth/me',
        status: 401,
        durationMs: expect.any(Number),
        msg: 'request completed',
      });
    });

    it('writes one line for a request whose client left before the answer, and none more', async () => {
      const email = `left-early-${process.pid}@example.com`;
      expect((await new HttpClient(auth.url).post('/auth/register', { email, password })).status).toBe(201);
      // The sign-in's key derivation takes a few hundred milliseconds: the client leaves during it.
      const client = new AbortController();
      const login = fetch(`${auth.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'left-early' },
        body: JSON.stringify({ email, password }),
        signal: client.signal,
      });
      setTimeout(() => client.abort(), 50);
      await expect(login).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const lines = jsonLines(auth).filter((line) => line.requestId === 'left-early');
      expect(lines).toEqual([
        expect.objectContaining({ level: 'info', method: 'POST', path: '/auth/login', msg: 'request aborted' }),
      ]);
    });

    it('makes up a request id when none comes, or a malformed one, and the gateway passes its own on', async () => {
      const direct = await fetch(`${auth.url}/auth/docs/json`, { headers: { 'x-request-id': 'x'.repeat(200) } });
      const madeUp = direct.headers.get('x-request-id')!;
      expect(madeUp).toMatch(UUID);
      expect((await requestLine(auth, madeUp)).path).toBe('/auth/docs/json');

      const viaGateway = await fetch(`${gateway.url}/auth/docs/json`);
      const fromGateway = viaGateway.headers.get('x-request-id')!;
      expect(fromGateway).toMatch(UUID);
      expect((await requestLine(auth, fromGateway)).status).toBe(200);
    });

    it('never writes a password, a session cookie or a session secret', async () => {
      const client = new HttpClient(gateway.url);
      const email = `redaction-${process.pid}@example.com`;
      expect((await client.post('/auth/register', { email, password })).status).toBe(201);
      expect((await client.post('/auth/login', { email, password: 'a wrong password 1' })).status).toBe(401);
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      const cookie = client.cookies.get('sid')!;
      expect((await client.get('/auth/me')).status).toBe(200);
      expect((await client.post('/auth/password', { currentPassword: password, newPassword })).status).toBe(204);
      const renewed = client.cookies.get('sid')!;
      expect((await client.get('/auth/sessions')).status).toBe(200);
      // Bodies the app refuses, with the secret inside.
      const broken = `{"email":"${email}","password":"${password}"`;
      expect((await client.post('/auth/login', broken, { 'content-type': 'application/json' })).status).toBe(400);
      expect((await client.post('/auth/login', { email, password: newPassword, extra: password })).status).toBe(400);
      expect((await client.post('/auth/logout')).status).toBe(204);
      await requestLine(auth, (await fetch(`${gateway.url}/auth/docs/json`)).headers.get('x-request-id')!);

      const output = auth.lines.join('\n');
      expect(auth.lines.length).toBeGreaterThan(20);
      const secrets = {
        password,
        newPassword,
        cookie,
        renewed,
        // The session id alone: the part of the cookie before its signature.
        sessionId: cookie.split('.')[0],
        renewedSessionId: renewed.split('.')[0],
        sessionSecret,
      };
      for (const [name, secret] of Object.entries(secrets)) {
        expect({ name, logged: output.includes(secret) }).toEqual({ name, logged: false });
        expect({ name, logged: output.includes(encodeURIComponent(secret)) }).toEqual({ name, logged: false });
      }
    });

    it('writes health probes at debug only: the proxy and the engine send one every few seconds', async () => {
      const [info, debug] = await Promise.all([
        start({ LOG_LEVEL: 'log', LOG_FORMAT: 'json' }),
        start({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }),
      ]);
      for (const app of [info, debug]) {
        for (const probe of ['live', 'ready']) {
          await fetch(`${app.url}/auth/health/${probe}`, { headers: { 'x-request-id': `probe-${probe}` } });
        }
        await fetch(`${app.url}/auth/docs/json`, { headers: { 'x-request-id': 'after-the-probes' } });
      }
      expect(await requestLine(debug, 'probe-live')).toMatchObject({ level: 'debug', path: '/auth/health/live' });
      expect(await requestLine(debug, 'probe-ready')).toMatchObject({ level: 'debug', path: '/auth/health/ready' });
      expect(await requestLine(info, 'after-the-probes')).toMatchObject({ level: 'info' });
      expect(jsonLines(info).filter((line) => line.requestId?.startsWith('probe-'))).toEqual([]);
    });

    it('is readable text in development, and quiet at LOG_LEVEL=warn as the stack runs it', async () => {
      const [pretty, quiet] = await Promise.all([
        start({ LOG_LEVEL: 'log' }),
        start({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }),
      ]);
      for (const app of [pretty, quiet])
        await fetch(`${app.url}/auth/docs/json`, { headers: { 'x-request-id': 'quiet-or-pretty' } });
      await new Promise((resolve) => setTimeout(resolve, 200));

      // Colours, if the environment asks for them, are not part of the format.
      const plain = pretty.lines.map((line) => stripVTControlCharacters(line));
      const requestLines = plain.filter((line) => line.includes('GET /auth/docs/json 200'));
      expect(requestLines).toEqual([
        expect.stringMatching(/^\[[\d:.]+\] INFO: GET \/auth\/docs\/json 200 \d+ ms \(quiet-or-pretty\)$/),
      ]);
      expect(plain.every((line) => !line.startsWith('{'))).toBe(true);
      expect(quiet.lines.filter((line) => line.includes('quiet-or-pretty') || line.includes('"level":"info"'))).toEqual(
        [],
      );
    });
  });

  describe('metrics', () => {
    const metrics = async (): Promise<string> => {
      const response = await fetch(`${auth.url}/auth/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };

    it('counts and times requests by route pattern and status', async () => {
      const before = await metrics();
      await fetch(`${auth.url}/auth/sessions/some-id`, { method: 'DELETE' });
      await fetch(`${auth.url}/auth/sessions/another-id`, { method: 'DELETE' });
      await fetch(`${auth.url}/auth/no-such-route-${Date.now()}`);
      const after = await metrics();

      const route = { method: 'DELETE', route: '/auth/sessions/:id', status_code: '401', app: 'auth' };
      expect(sample(after, 'http_requests_total', route) - sample(before, 'http_requests_total', route)).toBe(2);
      expect(
        sample(after, 'http_request_duration_seconds_count', route) -
          sample(before, 'http_request_duration_seconds_count', route),
      ).toBe(2);
      expect(sample(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(
        sample(after, 'http_requests_total', route),
      );
      // Unknown paths share one label value, so they cannot grow the number of series.
      expect(sample(after, 'http_requests_total', { route: '(unmatched)', status_code: '404' })).toBeGreaterThanOrEqual(
        1,
      );
      expect(after).not.toContain('no-such-route');
      expect(after).toMatch(/^process_cpu_seconds_total\{app="auth"\} /m);
    });

    it('refuses them (404) through a proxy: the gateway, like Traefik, adds X-Forwarded-For', async () => {
      const response = await fetch(`${gateway.url}/auth/metrics`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('http_requests_total');
    });

    it("reports the session store's loads, hits, misses, writes done and skipped, and its Redis calls", async () => {
      const client = new HttpClient(auth.url);
      const email = `metrics-${process.pid}@example.com`;
      await client.post('/auth/register', { email, password });
      const before = await metrics();
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      expect((await client.get('/auth/me')).status).toBe(200);
      expect((await client.get('/auth/me')).status).toBe(200);
      // A well-signed cookie of a session that does not exist: a miss.
      const stranger = new HttpClient(auth.url);
      stranger.cookies.set('sid', new Signer([sessionSecret], 'sha256').sign('n'.repeat(32)));
      expect((await stranger.get('/auth/me')).status).toBe(401);
      const after = await metrics();
      const increase = (name: string, labels?: Record<string, string>): number =>
        sample(after, name, labels) - sample(before, name, labels);

      expect(increase('session_writes_total')).toBeGreaterThanOrEqual(1);
      expect(increase('session_hits_total')).toBeGreaterThanOrEqual(2);
      expect(increase('session_misses_total')).toBeGreaterThanOrEqual(1);
      expect(increase('session_writes_skipped_total')).toBeGreaterThanOrEqual(2);
      expect(increase('session_loads_total')).toBe(increase('session_hits_total') + increase('session_misses_total'));
      expect(increase('session_redis_duration_seconds_count')).toBeGreaterThanOrEqual(3);
      expect(sample(after, 'session_redis_errors_total')).toBe(0);
    });

    it('counts failed Redis calls of the session store', async () => {
      const client = new HttpClient(auth.url);
      const email = `outage-${process.pid}@example.com`;
      await client.post('/auth/register', { email, password });
      expect((await client.post('/auth/login', { email, password })).status).toBe(200);
      await redis.stop();
      expect((await client.get('/auth/me')).status).toBe(503);
      expect(sample(await metrics(), 'session_redis_errors_total')).toBeGreaterThanOrEqual(1);
    });
  });
});
