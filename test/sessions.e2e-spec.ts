import type { RedisClient } from '@app/redis';
import { publicIdOf, userTagOf } from '@app/session/session-id';
import { countRedisCommands, Stack } from '@app/stack';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const REPLICAS = 2;
const password = 'correct horse battery';

describe('shared sessions across every replica of every app (real Redis, real processes)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
  let emailCounter = 0;

  const uniqueEmail = (): string => `user${++emailCounter}-${process.pid}@example.com`;
  const replicaUrls = (app: string): string[] => stack.replicas.filter((r) => r.app === app).map((r) => r.url);
  const gateway = (): HttpClient => new HttpClient(stack.gatewayUrl);

  async function signedInClient(): Promise<{ client: HttpClient; email: string; id: string }> {
    const client = gateway();
    const email = uniqueEmail();
    const registered = await client.post<{ id: string }>('/auth/register', { email, password });
    expect(registered.status).toBe(201);
    const login = await client.post('/auth/login', { email, password });
    expect(login.status).toBe(200);
    return { client, email, id: registered.body.id };
  }

  beforeAll(async () => {
    // Every test client comes from 127.0.0.1: lift the per-address registration limit.
    running = await startTestStack({ replicas: REPLICAS, env: { REGISTER_MAX_PER_WINDOW: '1000' } });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  describe('auth', () => {
    it('registers, refuses a taken email, signs in and tells who is signed in', async () => {
      const client = gateway();
      const email = uniqueEmail();

      const registered = await client.post<{ id: string; email: string }>('/auth/register', { email, password });
      expect(registered.status).toBe(201);
      expect(registered.body).toEqual({ id: expect.any(String), email });

      const again = await client.post('/auth/register', { email: email.toUpperCase(), password });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ errors: [{ field: 'email', rule: 'unique' }] });

      const login = await client.post('/auth/login', { email, password });
      expect(login.status).toBe(200);
      expect(login.body).toEqual(registered.body);
      const setCookie = login.headers.get('set-cookie')!;
      // A random id, the tag of its user (not the user id), then the signature.
      const cookiePattern = new RegExp(
        `^sid=[\\w-]{32}\\.${userTagOf(registered.body.id)}\\.[\\w+/-]+; Path=/; HttpOnly; SameSite=Lax$`,
      );
      expect(setCookie).not.toContain(registered.body.id);
      expect(setCookie).toMatch(cookiePattern);

      const me = await client.get('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ ...registered.body, roles: ['user'] });
    });

    it('answers an unknown email and a wrong password with the same 401', async () => {
      const { email } = await signedInClient();
      const wrongPassword = await gateway().post('/auth/login', { email, password: 'not the password' });
      const unknownEmail = await gateway().post('/auth/login', { email: uniqueEmail(), password });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    });

    it('answers 401 JSON without a session', async () => {
      const me = await gateway().get('/auth/me');
      expect(me.status).toBe(401);
      expect(me.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });
  });

  describe('one session, every replica', () => {
    it('is honoured by every replica of auth, profile and cart, through the gateway and directly', async () => {
      const { client, email } = await signedInClient();

      const seen = new Set<string>();
      for (let i = 0; i < REPLICAS * 2; i++) {
        for (const path of ['/auth/me', '/profile', '/cart']) {
          const response = await client.get(path);
          expect(response.status).toBe(200);
          seen.add(response.servedBy!);
        }
      }
      const everyReplica = stack.replicas
        .filter((replica) => ['auth', 'profile', 'cart'].includes(replica.app))
        .map((replica) => `${replica.app}-${replica.name}`);
      expect([...seen].sort()).toEqual(everyReplica.sort());

      for (const url of replicaUrls('profile')) {
        const profile = await client.at(url).get<{ email: string }>('/profile');
        expect(profile.status).toBe(200);
        expect(profile.body.email).toBe(email);
      }
    });

    it('keeps a profile edit made on one replica visible on the others', async () => {
      const { client } = await signedInClient();
      const [first, second] = replicaUrls('profile');
      const patched = await client.at(first).patch('/profile', { displayName: 'Ann', bio: 'Hello\nworld' });
      expect(patched.status).toBe(200);
      const read = await client.at(second).get('/profile');
      expect(read.body).toMatchObject({ displayName: 'Ann', bio: 'Hello\nworld' });
    });

    it('logs out on one replica and the cookie is refused by every replica of every app', async () => {
      const { client } = await signedInClient();
      const cookie = client.cookies.get('sid')!;
      const [authReplica] = replicaUrls('auth');

      const logout = await client.at(authReplica).post('/auth/logout');
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie')).toMatch(/^sid=; .*Expires=Thu, 01 Jan 1970/);

      for (const replica of stack.replicas.filter((r) => r.app === 'auth' || r.app === 'profile')) {
        const path = replica.app === 'auth' ? '/auth/me' : '/profile';
        const response = await new HttpClient(replica.url).get(path, { cookie: `sid=${cookie}` });
        expect(response.status).toBe(401);
      }
    });

    it('gives the session a new id at login; the old cookie gets 409 and leaves the new one alone', async () => {
      const client = gateway();
      const email = uniqueEmail();
      await client.post('/auth/register', { email, password });
      await client.post('/cart/items', { sku: 'MUG-001', quantity: 1 });
      const anonymousCookie = client.cookies.get('sid')!;
      // An anonymous session is a key of its own, named by a hash of its id.
      const id = anonymousCookie.slice(0, anonymousCookie.lastIndexOf('.'));
      const anonymousKey = `sess:${publicIdOf(id)}`;
      expect(await observer.exists(anonymousKey)).toBe(1);

      await client.post('/auth/login', { email, password });
      const signedInCookie = client.cookies.get('sid')!;
      expect(signedInCookie).not.toBe(anonymousCookie);
      expect(signedInCookie.split('.')[0]).not.toBe(anonymousCookie.split('.')[0]);

      // No session is left under the old id: a mark that it was replaced, which expires.
      expect(JSON.parse((await observer.get(anonymousKey))!)).toEqual({ replacedAt: expect.any(Number) });
      expect(await observer.pttl(anonymousKey)).toBeLessThanOrEqual(120_000);

      // Requests a browser sent with the old cookie before the sign-in's answer reached it: each
      // is refused, and none sets or clears the cookie, which would sign the browser out.
      const late: [string, string, unknown?][] = [
        ['GET', '/auth/me'],
        ['GET', '/cart'],
        ['POST', '/cart/items', { sku: 'TEE-002', quantity: 1 }],
        ['DELETE', '/cart'],
        ['GET', '/profile'],
        ['POST', '/auth/logout'],
        // A second sign-in sent at once: it would leave a second session nobody holds the cookie of.
        ['POST', '/auth/login', { email, password }],
      ];
      for (const [method, path, body] of late) {
        const response = await gateway().request(method, path, body, { cookie: `sid=${anonymousCookie}` });
        expect({ path, status: response.status, setCookie: response.headers.getSetCookie() }).toEqual({
          path,
          status: 409,
          setCookie: [],
        });
        expect(response.body).toMatchObject({ errors: [{ field: 'cookie', rule: 'currentSession' }] });
      }
      const publicRoute = await gateway().get('/cart/catalog', { cookie: `sid=${anonymousCookie}` });
      expect({ status: publicRoute.status, setCookie: publicRoute.headers.getSetCookie() }).toEqual({
        status: 200,
        setCookie: [],
      });

      // The signed-in session is whole: the anonymous cart merged into it, nothing of the late requests.
      expect((await client.get('/auth/me')).status).toBe(200);
      expect((await client.get<{ items: { sku: string; quantity: number }[] }>('/cart')).body.items).toEqual([
        expect.objectContaining({ sku: 'MUG-001', quantity: 1 }),
      ]);
      expect((await client.get<unknown[]>('/auth/sessions')).body).toHaveLength(1);
    });

    it('refuses a tampered cookie and clears it', async () => {
      const { client } = await signedInClient();
      const cookie = client.cookies.get('sid')!;
      const [random, userTag, signature] = cookie.split('.');
      const id = `${random}.${userTag}`;
      const flip = (text: string): string => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
      const otherUser = `${random}.${userTagOf((await signedInClient()).id)}.${signature}`;

      for (const tampered of [`${flip(id)}.${signature}`, `${id}.${flip(signature)}`, id, `${id}.`, otherUser]) {
        const response = await gateway().get('/auth/me', { cookie: `sid=${tampered}` });
        expect(response.status).toBe(401);
      }
      expect((await client.get('/auth/me')).status).toBe(200);
    });
  });

  describe('cart', () => {
    it('keeps the anonymous cart through sign-in, merged into the user cart', async () => {
      const client = gateway();
      const email = uniqueEmail();
      await client.post('/auth/register', { email, password });

      expect((await client.post('/cart/items', { sku: 'MUG-001', quantity: 2 })).status).toBe(200);
      expect((await client.post('/cart/items', { sku: 'TEE-002', quantity: 1 })).status).toBe(200);
      await client.post('/auth/login', { email, password });

      const cart = await client.get('/cart');
      expect(cart.body).toEqual({
        items: [
          { sku: 'MUG-001', name: 'Enamel mug', quantity: 2, unitPriceCents: 1200, lineTotalCents: 2400 },
          { sku: 'TEE-002', name: 'Cotton T-shirt', quantity: 1, unitPriceCents: 2500, lineTotalCents: 2500 },
        ],
        totalCents: 4900,
      });

      // Signed in from another client, the cart is still the user's.
      const elsewhere = gateway();
      await elsewhere.post('/auth/login', { email, password });
      expect((await elsewhere.get('/cart')).body).toEqual(cart.body);
    });

    it('answers a cart request with the cookie of an ended signed-in session with 401, not a new empty cart', async () => {
      const { client, email } = await signedInClient();
      expect((await client.post('/cart/items', { sku: 'MUG-001', quantity: 3 })).status).toBe(200);
      // Another device of the same user: ended by this one's logout-all.
      const other = gateway();
      expect((await other.post('/auth/login', { email, password })).status).toBe(200);
      expect((await client.post('/auth/logout-all?keepCurrent=true')).status).toBe(204);

      const stale = other.cookies.get('sid')!;
      for (const [method, path, body] of [
        ['GET', '/cart', undefined],
        ['POST', '/cart/items', { sku: 'TEE-002', quantity: 1 }],
        ['PATCH', '/cart/items/MUG-001', { quantity: 1 }],
        ['DELETE', '/cart/items/MUG-001', undefined],
        ['DELETE', '/cart', undefined],
      ] as const) {
        const response = await gateway().request(method, path, body, { cookie: `sid=${stale}` });
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.body).toMatchObject({ message: expect.stringMatching(/session has ended/) });
        expect(response.headers.get('set-cookie')).toMatch(/^sid=; .*Expires=Thu, 01 Jan 1970/);
      }
      // The public catalog does not read the session, so it does not mind the cookie.
      expect((await gateway().get('/cart/catalog', { cookie: `sid=${stale}` })).status).toBe(200);
      // Nothing of the user's was touched; without the cookie the cart works anonymously.
      expect((await client.get('/cart')).body).toMatchObject({ items: [{ sku: 'MUG-001', quantity: 3 }] });
      expect((await other.get('/cart')).status).toBe(401);
      expect(other.cookies.has('sid')).toBe(false);
      expect((await other.get('/cart')).body).toEqual({ items: [], totalCents: 0 });
      // An anonymous session that ended is nobody's: the cart just starts again.
      const anonymous = gateway();
      expect((await anonymous.post('/cart/items', { sku: 'MUG-001', quantity: 1 })).status).toBe(200);
      const cookie = anonymous.cookies.get('sid')!;
      await observer.del(`sess:${publicIdOf(cookie.slice(0, cookie.lastIndexOf('.')))}`);
      expect((await anonymous.get('/cart')).body).toEqual({ items: [], totalCents: 0 });
    });

    it('adds exactly 50 units from 50 concurrent adds spread over every cart replica', async () => {
      const { client } = await signedInClient();
      const replicas = replicaUrls('cart');
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          client.at(replicas[i % replicas.length]).post('/cart/items', { sku: 'PEN-005', quantity: 1 }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
      expect(new Set(responses.map((response) => response.servedBy)).size).toBe(REPLICAS);

      const cart = await client.get<{ items: { sku: string; quantity: number }[] }>('/cart');
      expect(cart.body.items).toEqual([expect.objectContaining({ sku: 'PEN-005', quantity: 50 })]);
    });

    it('caps a line at 99 and edits and removes lines', async () => {
      const { client } = await signedInClient();
      await client.post('/cart/items', { sku: 'CAP-003', quantity: 60 });
      const capped = await client.post<{ items: { quantity: number }[] }>('/cart/items', {
        sku: 'CAP-003',
        quantity: 60,
      });
      expect(capped.body.items[0].quantity).toBe(99);

      const edited = await client.patch<{ totalCents: number }>('/cart/items/CAP-003', { quantity: 3 });
      expect(edited.status).toBe(200);
      expect(edited.body.totalCents).toBe(3 * 1800);

      expect((await client.delete('/cart/items/CAP-003')).status).toBe(200);
      expect((await client.delete('/cart/items/CAP-003')).status).toBe(404);
      await client.post('/cart/items', { sku: 'NTB-006', quantity: 1 });
      expect((await client.delete('/cart')).status).toBe(204);
      expect((await client.get('/cart')).body).toEqual({ items: [], totalCents: 0 });
    });
  });

  describe('bad input gets a documented 4xx JSON error naming the field and the rule', () => {
    const cases: [string, string, string, unknown, Record<string, string>, number, { field: string; rule: string }][] =
      [
        [
          'malformed JSON',
          'POST',
          '/auth/login',
          '{"email":',
          { 'content-type': 'application/json' },
          400,
          { field: 'body', rule: 'json' },
        ],
        [
          'wrong content type',
          'POST',
          '/auth/login',
          'email=a',
          { 'content-type': 'text/plain' },
          415,
          { field: 'content-type', rule: 'supportedMediaType' },
        ],
        [
          'oversized body',
          'POST',
          '/auth/register',
          JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(20_000) }),
          { 'content-type': 'application/json' },
          413,
          { field: 'body', rule: 'maxBytes' },
        ],
        [
          'invalid email',
          'POST',
          '/auth/register',
          { email: 'not-an-email', password },
          {},
          400,
          { field: 'email', rule: 'isEmail' },
        ],
        [
          'short password',
          'POST',
          '/auth/register',
          { email: 'a@b.co', password: 'short' },
          {},
          400,
          { field: 'password', rule: 'minLength' },
        ],
        [
          'wrong type',
          'POST',
          '/auth/login',
          { email: 'a@b.co', password: 12345678 },
          {},
          400,
          { field: 'password', rule: 'isString' },
        ],
        [
          'unknown field',
          'POST',
          '/auth/register',
          { email: 'a@b.co', password, admin: true },
          {},
          400,
          { field: 'admin', rule: 'unknownField' },
        ],
        [
          'prototype key',
          'POST',
          '/auth/login',
          '{"__proto__":{"x":1},"email":"a@b.co","password":"12345678"}',
          { 'content-type': 'application/json' },
          400,
          { field: 'body', rule: 'noPrototypeKeys' },
        ],
        [
          'unknown sku',
          'POST',
          '/cart/items',
          { sku: 'NOPE-404', quantity: 1 },
          {},
          400,
          { field: 'sku', rule: 'inCatalog' },
        ],
        [
          'quantity zero',
          'POST',
          '/cart/items',
          { sku: 'MUG-001', quantity: 0 },
          {},
          400,
          { field: 'quantity', rule: 'min' },
        ],
        [
          'quantity 100',
          'POST',
          '/cart/items',
          { sku: 'MUG-001', quantity: 100 },
          {},
          400,
          { field: 'quantity', rule: 'max' },
        ],
        [
          'fractional quantity',
          'POST',
          '/cart/items',
          { sku: 'MUG-001', quantity: 1.5 },
          {},
          400,
          { field: 'quantity', rule: 'isInt' },
        ],
        [
          'quantity as string',
          'POST',
          '/cart/items',
          { sku: 'MUG-001', quantity: '2' },
          {},
          400,
          { field: 'quantity', rule: 'isInt' },
        ],
        [
          'malformed sku',
          'POST',
          '/cart/items',
          { sku: 'mug 001', quantity: 1 },
          {},
          400,
          { field: 'sku', rule: 'matches' },
        ],
        ['missing field', 'POST', '/cart/items', { sku: 'MUG-001' }, {}, 400, { field: 'quantity', rule: 'isDefined' }],
      ];

    it.each(cases)('%s', async (_name, method, path, body, headers, status, detail) => {
      const response = await gateway().request(method, path, body, headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.body).toMatchObject({
        statusCode: status,
        errors: expect.arrayContaining([expect.objectContaining(detail)]),
      });
    });

    it('answers an empty or invalid profile edit with 400 and keeps the stored profile', async () => {
      const { client } = await signedInClient();
      await client.patch('/profile', { displayName: 'Kept' });
      for (const body of [
        {},
        { displayName: '' },
        { displayName: null },
        { displayName: 'a\u0000b' },
        { bio: 'x'.repeat(501) },
      ]) {
        const response = await client.patch('/profile', body);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          errors: [expect.objectContaining({ field: expect.any(String), rule: expect.any(String) })],
        });
      }
      expect((await client.get('/profile')).body).toMatchObject({ displayName: 'Kept', bio: '' });
    });
  });

  describe('Redis work per request (INFO commandstats)', () => {
    it('costs one command per GET /auth/me and none without a cookie', async () => {
      const { client } = await signedInClient();
      const [authReplica] = replicaUrls('auth');
      const direct = client.at(authReplica);

      const signedIn = await countRedisCommands(observer, async () => {
        for (let i = 0; i < 100; i++) expect((await direct.get('/auth/me')).status).toBe(200);
      });
      expect(signedIn.total).toBeLessThanOrEqual(100);
      expect(signedIn.byCommand).toEqual({ hget: 100 });

      const anonymous = new HttpClient(authReplica);
      const withoutCookie = await countRedisCommands(observer, async () => {
        for (let i = 0; i < 20; i++) {
          expect((await anonymous.get('/auth/me')).status).toBe(401);
          expect((await anonymous.at(replicaUrls('cart')[0]).get('/cart/catalog')).status).toBe(200);
          expect((await anonymous.at(replicaUrls('cart')[0]).get('/cart')).status).toBe(200);
        }
      });
      expect(withoutCookie.total).toBe(0);
    });

    it('costs the session and one profile read per GET /profile, and creates a profile once', async () => {
      const { client } = await signedInClient();
      const direct = client.at(replicaUrls('profile')[0]);

      const first = await countRedisCommands(observer, async () => {
        expect((await direct.get('/profile')).status).toBe(200);
      });
      // The session (HGET), the missing profile, and the script that creates it (EXISTS, HSET, HGETALL).
      expect(first.byCommand).toMatchObject({ hget: 1, hgetall: 2, exists: 1, hset: 1 });

      const later = await countRedisCommands(observer, async () => {
        for (let i = 0; i < 20; i++) expect((await direct.get('/profile')).status).toBe(200);
      });
      expect(later.byCommand).toEqual({ hget: 20, hgetall: 20 });
    });
  });
});
