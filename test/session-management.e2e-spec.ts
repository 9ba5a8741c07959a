import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Signer } from '@fastify/cookie';
import type { RedisClient } from '@app/redis';
import { userTagOf } from '@app/session/session-id';
import { appEntryFile, repositoryRoot, Stack } from '@app/stack';
import type { SessionView } from '../apps/auth/src/sessions/dto/session-view.dto';
import { runAuthCli } from './support/auth-cli';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const NEW_SECRET = 'n'.repeat(24) + '-new-signing-secret';
const OLD_SECRET = 'o'.repeat(24) + '-old-signing-secret';
const password = 'correct horse battery';
const ADMIN = 'admin@example.com';

describe('session management and security (several replicas behind the gateway, real Redis)', () => {
  let running: TestStack | undefined;
  let redisEnv: Record<string, string>;
  let stack: Stack;
  let observer: RedisClient;
  let counter = 0;

  // Each test user comes from its own address, as the gateway reports it in X-Forwarded-For.
  const nextAddress = (): string => `198.51.100.${++counter}`;
  const uniqueEmail = (): string => `user${counter}-${Date.now()}@example.com`;
  const replicaUrls = (app: string): string[] => stack.replicas.filter((r) => r.app === app).map((r) => r.url);
  const client = (address = nextAddress(), userAgent = 'TestBrowser/1.0'): HttpClient =>
    new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': address, 'user-agent': userAgent });

  async function register(email = uniqueEmail()): Promise<{ email: string; id: string }> {
    const response = await client().post<{ id: string }>('/auth/register', { email, password });
    expect(response.status).toBe(201);
    return { email, id: response.body.id };
  }

  async function signIn(email: string, http = client()): Promise<HttpClient> {
    expect((await http.post('/auth/login', { email, password })).status).toBe(200);
    return http;
  }

  /** 401 from every replica of auth and profile, asked directly. */
  async function expectRefusedEverywhere(cookie: string): Promise<void> {
    for (const replica of stack.replicas.filter((r) => r.app === 'auth' || r.app === 'profile')) {
      const path = replica.app === 'auth' ? '/auth/me' : '/profile';
      expect((await new HttpClient(replica.url).get(path, { cookie: `sid=${cookie}` })).status).toBe(401);
    }
  }

  /**
   * 409 from every replica of auth, profile and cart, asked directly, without a cookie set or
   * cleared: the cookie of a session given a new id, sent before the new cookie arrived.
   */
  async function expectReplacedEverywhere(cookie: string): Promise<void> {
    const paths: Record<string, string> = { auth: '/auth/me', profile: '/profile', cart: '/cart' };
    for (const replica of stack.replicas.filter((r) => r.app in paths)) {
      const response = await new HttpClient(replica.url).get(paths[replica.app], { cookie: `sid=${cookie}` });
      expect({ url: replica.url, status: response.status, setCookie: response.headers.getSetCookie() }).toEqual({
        url: replica.url,
        status: 409,
        setCookie: [],
      });
    }
  }

  /** The public ids of the sessions stored in a user's hash. */
  async function storedSessions(userId: string): Promise<string[]> {
    return observer.hkeys(`sess:user:${userTagOf(userId)}`);
  }

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      sessionSecrets: `${NEW_SECRET},${OLD_SECRET}`,
      env: { REGISTER_MAX_PER_WINDOW: '3' },
    });
    ({ stack, observer } = running);
    redisEnv = running.deployment.env;
  });

  afterAll(async () => {
    await running?.stop();
  });

  describe("a user's sessions", () => {
    it('lists live sessions with a public id, times, address, user agent and which one is current', async () => {
      const { email, id } = await register();
      const laptop = await signIn(email, client('203.0.113.10', 'Laptop/2.0'));
      await signIn(email, client('203.0.113.20', 'Phone/3.0'));

      const listed = await laptop.get<SessionView[]>('/auth/sessions');
      expect(listed.status).toBe(200);
      expect(listed.body).toHaveLength(2);
      const current = listed.body.find((session) => session.current)!;
      const other = listed.body.find((session) => !session.current)!;
      expect(current).toMatchObject({ ip: '203.0.113.10', userAgent: 'Laptop/2.0' });
      expect(other).toMatchObject({ ip: '203.0.113.20', userAgent: 'Phone/3.0' });
      for (const session of listed.body) {
        expect(session.id).toMatch(/^[\w-]{22}$/);
        expect(laptop.cookies.get('sid')).not.toContain(session.id);
        expect(Date.parse(session.createdAt)).toBeLessThanOrEqual(Date.now());
        expect(Date.parse(session.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
      }
      expect((await storedSessions(id)).sort()).toEqual(listed.body.map((session) => session.id).sort());
    });

    it('revokes one session: its next request is refused on every replica', async () => {
      const { email } = await register();
      const keeper = await signIn(email);
      const victim = await signIn(email);
      const sessions = (await keeper.get<SessionView[]>('/auth/sessions')).body;
      const target = sessions.find((session) => !session.current)!;

      expect((await keeper.delete(`/auth/sessions/${target.id}`)).status).toBe(204);
      await expectRefusedEverywhere(victim.cookies.get('sid')!);
      expect((await keeper.get('/auth/me')).status).toBe(200);
      expect((await keeper.delete(`/auth/sessions/${target.id}`)).status).toBe(404);
    });

    it("cannot revoke another user's session", async () => {
      const alice = await signIn((await register()).email);
      const bob = await signIn((await register()).email);
      const [bobSession] = (await bob.get<SessionView[]>('/auth/sessions')).body;
      const response = await alice.delete(`/auth/sessions/${bobSession.id}`);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ errors: [{ field: 'id', rule: 'ownSession' }] });
      expect((await bob.get('/auth/me')).status).toBe(200);
    });

    it("ends nothing but a session for an id that is not one: the user's credential version stays", async () => {
      const { email, id } = await register();
      const user = await signIn(email);
      expect(
        (await user.post('/auth/password', { currentPassword: password, newPassword: 'another password' })).status,
      ).toBe(204);
      const stored = await storedSessions(id);
      expect(stored).toContain('!v');

      for (const name of ['!v', '%21v', 'x'.repeat(23)]) {
        const response = await user.delete(`/auth/sessions/${name}`);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ errors: [{ field: 'id', rule: 'ownSession' }] });
      }
      expect(await storedSessions(id)).toEqual(stored);
      expect((await user.get('/auth/me')).status).toBe(200);
    });

    it('ends every other session with logout-all?keepCurrent=true, and all of them without', async () => {
      const { email, id } = await register();
      const first = await signIn(email);
      const second = await signIn(email);
      const third = await signIn(email);

      expect((await first.post('/auth/logout-all?keepCurrent=true')).status).toBe(204);
      await expectRefusedEverywhere(second.cookies.get('sid')!);
      await expectRefusedEverywhere(third.cookies.get('sid')!);
      expect((await first.get('/auth/me')).status).toBe(200);
      expect(await storedSessions(id)).toHaveLength(1);

      const firstCookie = first.cookies.get('sid')!;
      const all = await first.post('/auth/logout-all');
      expect(all.status).toBe(204);
      expect(all.headers.get('clear-site-data')).toBe('"cookies"');
      await expectRefusedEverywhere(firstCookie);
      expect(await storedSessions(id)).toEqual([]);
    });

    it('changes the password: other sessions end, this one gets a new id, the new password works', async () => {
      const { email } = await register();
      const here = await signIn(email);
      const elsewhere = await signIn(email);
      const oldCookie = here.cookies.get('sid')!;

      const wrong = await here.post('/auth/password', {
        currentPassword: 'not the password',
        newPassword: 'a brand new password',
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ errors: [{ field: 'currentPassword', rule: 'matchesCurrent' }] });

      const changed = await here.post('/auth/password', {
        currentPassword: password,
        newPassword: 'a brand new password',
      });
      expect(changed.status).toBe(204);
      expect(here.cookies.get('sid')).not.toBe(oldCookie);
      expect((await here.get('/auth/me')).status).toBe(200);
      await expectReplacedEverywhere(oldCookie);
      expect((await here.get('/auth/me')).status).toBe(200);
      await expectRefusedEverywhere(elsewhere.cookies.get('sid')!);

      expect((await client().post('/auth/login', { email, password })).status).toBe(401);
      expect((await client().post('/auth/login', { email, password: 'a brand new password' })).status).toBe(200);
    });

    it("renews the admin's session id on a role change and ends the target user's sessions", async () => {
      await register(ADMIN);
      const granted = await runAuthCli(['grant-role', ADMIN, 'admin'], {
        ...redisEnv,
        SESSION_SECRETS: stack.sessionSecrets,
      });
      expect(granted.code).toBe(0);
      const admin = await signIn(ADMIN);
      expect((await admin.get('/auth/me')).body).toMatchObject({ roles: ['user', 'admin'] });
      const { email, id } = await register();
      const user = await signIn(email);

      expect((await user.put(`/auth/users/${id}/roles`, { roles: ['user', 'admin'] })).status).toBe(403);
      expect((await admin.put(`/auth/users/${id}/roles`, { roles: ['user', 'root'] })).status).toBe(400);

      expect((await admin.put(`/auth/users/${id}/roles`, { roles: ['user', 'admin'] })).status).toBe(204);
      await expectRefusedEverywhere(user.cookies.get('sid')!);
      expect((await (await signIn(email)).get('/auth/me')).body).toMatchObject({ roles: ['user', 'admin'] });

      const adminMe = await admin.get<{ id: string }>('/auth/me');
      const before = admin.cookies.get('sid')!;
      expect((await admin.put(`/auth/users/${adminMe.body.id}/roles`, { roles: ['user', 'admin'] })).status).toBe(204);
      expect(admin.cookies.get('sid')).not.toBe(before);
      await expectReplacedEverywhere(before);
      expect((await admin.get('/auth/me')).status).toBe(200);
    });
  });

  describe('no lost or resurrected data', () => {
    it('keeps a session destroyed by a logout destroyed, and unused, when a slow request of it finishes afterwards', async () => {
      const { email, id } = await register();
      const http = client();
      await http.post('/cart/items', { sku: 'MUG-001', quantity: 1 }); // anonymous cart id in the session
      await signIn(email, http);
      const cookie = http.cookies.get('sid')!;
      const [cartReplica] = replicaUrls('cart');

      // The slow request: its headers arrive before the logout, its body after it. Its session is
      // read once the body is complete, so it finds none and changes nothing, the user's cart
      // included.
      const slow = startSlowRequest(
        `${cartReplica}/cart/items`,
        cookie,
        JSON.stringify({ sku: 'TEE-002', quantity: 1 }),
      );
      await slow.headersSent;
      expect((await http.post('/auth/logout')).status).toBe(204);
      const status = await slow.finish();

      expect(status).toBe(401);
      await expectRefusedEverywhere(cookie);
      expect(await storedSessions(id)).toEqual([]);
      expect(await observer.hget(`cart:user:{${id}}`, 'TEE-002')).toBeNull();
    });
    it('keeps one of two password changes racing from one session on two replicas, and says so to the other', async () => {
      const [auth1, auth2] = replicaUrls('auth');
      for (let round = 0; round < 4; round++) {
        const { email } = await register();
        const here = await signIn(email);
        const changes = await Promise.all(
          [auth1, auth2].map((replica, index) =>
            here
              .at(replica)
              .post('/auth/password', { currentPassword: password, newPassword: `new password ${index}` }),
          ),
        );
        const statuses = changes.map(({ status }) => status);
        // The loser lost to a change it could not see (409), or came after it (403, or 401 once its session ended).
        expect(statuses.filter((status) => status === 204)).toEqual([204]);
        expect([401, 403, 409]).toContain(statuses.find((status) => status !== 204));
        const kept = statuses.indexOf(204);
        const logins = await Promise.all(
          [0, 1].map((index) => client().post('/auth/login', { email, password: `new password ${index}` })),
        );
        expect(logins.map(({ status }) => status)).toEqual([0, 1].map((index) => (index === kept ? 200 : 401)));
      }
    });
  });

  describe('secrets and cookies', () => {
    it('accepts a cookie signed with the old secret and re-issues it signed with the new one', async () => {
      const http = await signIn((await register()).email);
      const cookie = http.cookies.get('sid')!;
      const sessionId = cookie.slice(0, cookie.lastIndexOf('.'));
      const oldSigned = new Signer([OLD_SECRET]).sign(sessionId);
      const newSigned = new Signer([NEW_SECRET]).sign(sessionId);

      const response = await client().get('/auth/me', { cookie: `sid=${oldSigned}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toContain(`sid=${newSigned};`);
    });

    it('refuses to start with a secret shorter than 32 characters', () => {
      const result = spawnSync(process.execPath, [join(repositoryRoot(), appEntryFile('auth'))], {
        env: { ...process.env, SESSION_SECRETS: 'too-short', PORT: '0', ...redisEnv },
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('SESSION_SECRETS: each secret must be at least 32 characters');
    });

    it('refuses to start on a port in use or a host that is not here, naming PORT or HOST, without a stack trace', () => {
      const start = (env: Record<string, string>) =>
        spawnSync(process.execPath, [join(repositoryRoot(), appEntryFile('auth'))], {
          env: { ...process.env, SESSION_SECRETS: NEW_SECRET, ...redisEnv, ...env },
          encoding: 'utf8',
          timeout: 30_000,
        });
      const taken = new URL(replicaUrls('auth')[0]).port;
      const inUse = start({ PORT: taken, HOST: '127.0.0.1' });
      expect(inUse.status).toBe(1);
      expect(inUse.stderr).toContain(`cannot listen on HOST=127.0.0.1 PORT=${taken}: the port is in use`);
      const elsewhere = start({ PORT: '0', HOST: '192.0.2.1' });
      expect(elsewhere.status).toBe(1);
      expect(elsewhere.stderr).toContain('HOST is not an address of this machine');
      expect(inUse.stderr + elsewhere.stderr).not.toMatch(/\n\s+at /);
    });

    it('sets HttpOnly, SameSite=Lax, Path=/, no Domain, and Secure behind the TLS proxy', async () => {
      const { email } = await register();
      const [authReplica] = replicaUrls('auth');
      const viaTls = await new HttpClient(authReplica, { 'x-forwarded-proto': 'https' }).post('/auth/login', {
        email,
        password,
      });
      expect(viaTls.headers.get('set-cookie')).toMatch(/^sid=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);

      const plain = await client().post('/auth/login', { email, password });
      expect(plain.headers.get('set-cookie')).toMatch(/^sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    });

    it('clears the cookie on logout with an expired cookie and Clear-Site-Data', async () => {
      const http = await signIn((await register()).email);
      const logout = await http.post('/auth/logout');
      expect(logout.headers.get('set-cookie')).toMatch(/^sid=; .*Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
      expect(logout.headers.get('clear-site-data')).toBe('"cookies"');
    });

    it('sends security headers from every app: locked down and never cached for the API, a CSP Swagger UI works under for its pages', async () => {
      const apiPaths = { auth: '/auth/me', profile: '/profile', cart: '/cart/catalog' };
      for (const [app, path] of Object.entries(apiPaths)) {
        const api = await client().get(path);
        expect(api.headers.get('x-content-type-options')).toBe('nosniff');
        expect(api.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        expect(api.headers.get('x-frame-options')).toBe('DENY');
        expect(api.headers.get('referrer-policy')).toBe('no-referrer');
        expect(api.headers.get('cache-control')).toBe('no-store');

        const page = await fetch(`${replicaUrls(app)[0]}/${app}/docs`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });
  });

  describe('abuse', () => {
    it('throttles logins after 5 failures for one email from one address, on every replica, with Retry-After', async () => {
      const { email } = await register();
      const attacker = client('192.0.2.66');
      for (let i = 0; i < 5; i++) {
        expect((await attacker.post('/auth/login', { email, password: `wrong guess ${i}` })).status).toBe(401);
      }
      for (const url of replicaUrls('auth')) {
        const response = await attacker
          .at(url)
          .post('/auth/login', { email, password }, { 'x-forwarded-for': '192.0.2.66' });
        expect(response.status).toBe(429);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(800);
        expect(response.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      }
      expect((await client('192.0.2.77').post('/auth/login', { email, password })).status).toBe(200);
    });

    it('limits registrations per client address', async () => {
      const from = client('192.0.2.99');
      for (let i = 0; i < 3; i++) {
        expect(
          (await from.post('/auth/register', { email: `limit${i}-${Date.now()}@example.com`, password })).status,
        ).toBe(201);
      }
      const refused = await from.post('/auth/register', { email: `limit-last-${Date.now()}@example.com`, password });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('refuses cross-site state-changing requests with 403 and lets same-origin ones through', async () => {
      const http = client();
      const crossOrigin = await http.post(
        '/cart/items',
        { sku: 'MUG-001', quantity: 1 },
        { origin: 'https://evil.example' },
      );
      expect(crossOrigin.status).toBe(403);
      expect(crossOrigin.body).toMatchObject({ errors: [{ field: 'origin', rule: 'sameOrigin' }] });
      const crossSite = await http.post(
        '/cart/items',
        { sku: 'MUG-001', quantity: 1 },
        { 'sec-fetch-site': 'cross-site' },
      );
      expect(crossSite.status).toBe(403);

      const sameOrigin = await http.post(
        '/cart/items',
        { sku: 'MUG-001', quantity: 1 },
        {
          origin: stack.gatewayUrl,
          'sec-fetch-site': 'same-origin',
        },
      );
      expect(sameOrigin.status).toBe(200);
      expect((await http.get('/cart', { origin: 'https://evil.example' })).status).toBe(200);
    });

    it('answers unknown email and wrong password alike, in about the same time', async () => {
      const { email } = await register();
      const timed = async (body: object): Promise<{ ms: number; status: number; body: unknown }> => {
        const started = performance.now();
        const response = await client().post('/auth/login', body);
        return { ms: performance.now() - started, status: response.status, body: response.body };
      };
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        const a = await timed({ email, password: `wrong password ${i}` });
        const b = await timed({ email: `nobody${i}-${Date.now()}@example.com`, password });
        expect(b.status).toBe(a.status);
        expect(b.body).toEqual(a.body);
        wrong.push(a.ms);
        unknown.push(b.ms);
      }
      const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
      expect(Math.abs(median(wrong) - median(unknown))).toBeLessThan(0.5 * Math.max(median(wrong), median(unknown)));
    });
  });
});

/** A POST whose headers go at once and whose body follows only when `finish` is called. */
function startSlowRequest(
  url: string,
  cookie: string,
  body: string,
): { headersSent: Promise<void>; finish(): Promise<number> } {
  const request = httpRequest(url, {
    method: 'POST',
    headers: { cookie: `sid=${cookie}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const status = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
  request.flushHeaders();
  // Give the replica time to read the headers and load the session before anything else happens.
  const headersSent = new Promise<void>((resolve) => setTimeout(resolve, 300));
  return {
    headersSent,
    finish: () => {
      request.end(body);
      return status;
    },
  };
}
