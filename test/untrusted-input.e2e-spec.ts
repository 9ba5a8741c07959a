import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Stack } from '@app/stack';
import type { SessionView } from '../apps/auth/src/sessions/dto/session-view.dto';
import { HttpClient, HttpResponse, rawRequest } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';

describe('untrusted input: client addresses, ids, look-alike identities, bodies (apps behind the gateway, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let counter = 0;

  const client = (headers: Record<string, string> = {}): HttpClient => new HttpClient(stack.gatewayUrl, headers);
  const uniqueLocalPart = (): string => `ann${++counter}x${process.pid}`;

  async function signedIn(headers: Record<string, string> = {}): Promise<{ http: HttpClient; email: string }> {
    const email = `${uniqueLocalPart()}@example.com`;
    const http = client(headers);
    expect((await http.post('/auth/register', { email, password })).status).toBe(201);
    expect((await http.post('/auth/login', { email, password })).status).toBe(200);
    return { http, email };
  }

  /** The client address stored with the session of `http`, as `GET /auth/sessions` lists it. */
  async function storedAddress(http: HttpClient): Promise<string | null> {
    const sessions = await http.get<SessionView[]>('/auth/sessions');
    return sessions.body.find((session) => session.current)!.ip;
  }

  const expectRefused = (response: HttpResponse, field: string, rule: string): void => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, errors: [{ field, rule }] });
  };

  beforeAll(async () => {
    running = await startTestStack({ replicas: 1, readyTimeoutMs: 60_000, env: { REGISTER_MAX_PER_WINDOW: '1000' } });
    ({ stack } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  describe('the client address (TRUST_PROXY)', () => {
    it('is not chosen by a client on a private network behind a proxy that appends X-Forwarded-For', async () => {
      // The client at 10.1.2.3 claims 203.0.113.66; its proxy appends 10.1.2.3, the gateway 127.0.0.1.
      const { http } = await signedIn({ 'x-forwarded-for': '203.0.113.66, 10.1.2.3' });
      expect(await storedAddress(http)).toBe('10.1.2.3');
    });

    it('is always an IP address: a made-up X-Forwarded-For entry becomes the address that passed it on', async () => {
      for (const forged of ['<script>alert(1)</script>', 'unknown', '198.51.100.1:443']) {
        const { http } = await signedIn({ 'x-forwarded-for': forged });
        expect(await storedAddress(http)).toBe('127.0.0.1');
      }
      const { http } = await signedIn({ 'x-forwarded-for': 'not-an-ip, 198.51.100.7' });
      expect(await storedAddress(http)).toBe('198.51.100.7');
    });
  });

  describe('PUT /auth/users/:id/roles', () => {
    it('answers a malformed id with 400 and an unknown one with 404, never 500, in either case', async () => {
      const { http: admin, email } = await signedIn();
      // Made admin in Redis directly, as the operator's command would: this is about the route.
      await running!.observer.hset(`user:${await running!.observer.get(`user:email:${email}`)}`, 'roles', 'user,admin');
      expect((await admin.post('/auth/login', { email, password })).status).toBe(200);

      for (const id of [`email:${email}`, 'not-a-uuid', `${randomUUID()}x`]) {
        expectRefused(
          await admin.put(`/auth/users/${encodeURIComponent(id)}/roles`, { roles: ['user'] }),
          'id',
          'isUuid',
        );
      }
      const unknown = await admin.put(`/auth/users/${randomUUID()}/roles`, { roles: ['user'] });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ errors: [{ field: 'id', rule: 'exists' }] });
      // A UUID in capitals is the same UUID.
      const target = await client().post<{ id: string }>('/auth/register', {
        email: `${uniqueLocalPart()}@example.com`,
        password,
      });
      const upperCase = await admin.put(`/auth/users/${target.body.id.toUpperCase()}/roles`, { roles: ['user'] });
      expect(upperCase.status).toBe(204);
    });
  });

  describe('look-alike identities', () => {
    it('registers an email once however it is spelt: NFKC, lower case; hidden characters and mixed scripts refused', async () => {
      const local = uniqueLocalPart();
      const email = `${local}@example.com`;
      expect((await client().post('/auth/register', { email, password })).status).toBe(201);

      const fullwidth = [...local].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
      for (const sameAccount of [`${fullwidth}@example.com`, `${local.toUpperCase()}@EXAMPLE.COM`]) {
        const again = await client().post('/auth/register', { email: sameAccount, password });
        expect(again.status).toBe(409);
        expect((await client().post('/auth/login', { email: sameAccount, password })).status).toBe(200);
      }
      expectRefused(
        await client().post('/auth/register', { email: `${local}\u200b@example.com`, password }),
        'email',
        'noInvisibleCharacters',
      );
      expectRefused(
        await client().post('/auth/register', { email: `${local}@example.com\u2060`, password }),
        'email',
        'noInvisibleCharacters',
      );
      expectRefused(
        await client().post('/auth/register', { email: `${local}\u202e@example.com`, password }),
        'email',
        'noBidiControls',
      );
      const cyrillic = await client().post('/auth/register', { email: `${local}@\u0435xample.com`, password });
      expectRefused(cyrillic, 'email', 'singleScript');
      expect((cyrillic.body as { message: string }).message).toContain('must not mix');
    });

    it('normalises display names and refuses invisible characters and bidi controls in them', async () => {
      const { http } = await signedIn();
      expectRefused(await http.patch('/profile', { displayName: 'Ann\u200b' }), 'displayName', 'noInvisibleCharacters');
      expectRefused(await http.patch('/profile', { displayName: 'Ann\ufeff' }), 'displayName', 'noInvisibleCharacters');
      expectRefused(await http.patch('/profile', { displayName: '\u202eAnn' }), 'displayName', 'noBidiControls');
      expectRefused(await http.patch('/profile', { displayName: 'Ann\u2067x' }), 'displayName', 'noBidiControls');

      const saved = await http.patch<{ displayName: string }>('/profile', { displayName: 'Ａｎｎ ﾃｽﾄ' });
      expect(saved.status).toBe(200);
      expect(saved.body.displayName).toBe('Ann テスト');
      // An emoji sequence's joiners are not hidden characters.
      const family = '\u{1F469}\u200d\u{1F469}\u200d\u{1F467}';
      expect((await http.patch('/profile', { displayName: `Ann ${family}` })).status).toBe(200);
      expect((await http.get<{ displayName: string }>('/profile')).body.displayName).toBe(`Ann ${family}`);
    });

    it('refuses a lone surrogate with 400 naming the field, instead of storing U+FFFD', async () => {
      const { http } = await signedIn();
      const email = `${uniqueLocalPart()}\\ud800@example.com`;
      expectRefused(
        await client().post('/auth/register', `{"email":"${email}","password":"${password}"}`, {
          'content-type': 'application/json',
        }),
        'email',
        'wellFormedUnicode',
      );
      const before = (await http.get<{ displayName: string }>('/profile')).body.displayName;
      expectRefused(
        await http.patch('/profile', '{"displayName":"Ann \\udc00"}', { 'content-type': 'application/json' }),
        'displayName',
        'wellFormedUnicode',
      );
      expect((await http.get<{ displayName: string }>('/profile')).body.displayName).toBe(before);
      // A surrogate pair written as escapes is one well-formed character.
      const pair = await http.patch<{ displayName: string }>('/profile', '{"displayName":"Ann \\ud83d\\ude00"}', {
        'content-type': 'application/json',
      });
      expect(pair.status).toBe(200);
      expect(pair.body.displayName).toBe('Ann \u{1F600}');
    });
  });

  describe('bodies the validation would misread', () => {
    const json = { 'content-type': 'application/json' };

    it('refuses deep nesting and bodies that are not objects with 400 on every route with a body, keeping what was stored', async () => {
      const { http } = await signedIn();
      expect((await http.patch('/profile', { displayName: 'Kept' })).status).toBe(200);
      expect((await http.post('/cart/items', { sku: 'MUG-001', quantity: 2 })).status).toBe(200);
      const arrays = '['.repeat(5000) + ']'.repeat(5000);
      // Both under the 16 KB body limit.
      const objects = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
      const routes: [string, string][] = [
        ['POST', '/auth/register'],
        ['POST', '/auth/login'],
        ['POST', '/auth/password'],
        ['PATCH', '/profile'],
        ['POST', '/cart/items'],
        ['PATCH', '/cart/items/MUG-001'],
      ];
      for (const [method, path] of routes) {
        for (const body of [arrays, objects]) {
          expectRefused(await http.request(method, path, body, json), 'body', 'maxDepth');
        }
        for (const body of ['[]', '[{"sku":"MUG-001","quantity":1}]', '"text"', '7', 'null']) {
          expectRefused(await http.request(method, path, body, json), 'body', 'isObject');
        }
      }
      expect((await http.get<{ displayName: string }>('/profile')).body.displayName).toBe('Kept');
      expect((await http.get('/cart')).body).toMatchObject({ items: [{ sku: 'MUG-001', quantity: 2 }] });
    });

    it('refuses fields named like built-in methods as unknown, in bodies and queries, instead of dropping them', async () => {
      const { http } = await signedIn();
      for (const name of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
        expectRefused(
          await http.request('PATCH', '/profile', `{"displayName":"Ann","${name}":1}`, json),
          name,
          'unknownField',
        );
      }
      expectRefused(await http.post('/auth/logout-all?constructor=1'), 'constructor', 'unknownField');
      for (const body of ['{"displayName":"Ann","__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}']) {
        expectRefused(await http.request('PATCH', '/profile', body, json), 'body', 'noPrototypeKeys');
      }
      expect((await http.get('/auth/me')).status).toBe(200);
    });

    it('refuses a body it would not decode as sent (a Content-Encoding, a charset other than UTF-8) with 415', async () => {
      const { http } = await signedIn();
      const body = '{"displayName":"Ann"}';
      for (const encoding of ['gzip', 'br', 'bogus']) {
        const response = await http.request('PATCH', '/profile', body, { ...json, 'content-encoding': encoding });
        expect(response.status).toBe(415);
        expect(response.body).toMatchObject({ errors: [{ field: 'content-encoding', rule: 'identity' }] });
      }
      for (const charset of ['utf-16', 'iso-8859-1', '"latin1"']) {
        const response = await http.request('PATCH', '/profile', body, {
          'content-type': `application/json; charset=${charset}`,
        });
        expect(response.status).toBe(415);
        expect(response.body).toMatchObject({ errors: [{ field: 'content-type', rule: 'utf8Charset' }] });
      }
      for (const contentType of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
        expect((await http.request('PATCH', '/profile', body, { 'content-type': contentType })).status).toBe(200);
      }
      expect((await http.request('PATCH', '/profile', body, { ...json, 'content-encoding': 'identity' })).status).toBe(
        200,
      );
    });

    it('takes an empty body sent with a JSON content type as no body', async () => {
      const { http, email } = await signedIn();
      const login = await http.request('POST', '/auth/login', '', json);
      expect(login.status).toBe(400);
      expect(login.body).toMatchObject({ errors: [{ field: 'email', rule: 'isDefined' }, { field: 'password' }] });
      expect((await http.request('DELETE', '/cart', '', json)).status).toBe(204);
      expect((await http.request('POST', '/auth/logout', '', json)).status).toBe(204);
      expect((await http.post('/auth/login', { email, password })).status).toBe(200);
    });

    it('counts lengths in characters as the document does, and refuses control characters in an email', async () => {
      const { http } = await signedIn();
      // 64 hearts with their emoji variation selector: 128 characters for the document's maxLength.
      expectRefused(
        await http.patch('/profile', { displayName: '\u2764\ufe0f'.repeat(64) }),
        'displayName',
        'maxLength',
      );
      expect((await http.patch('/profile', { displayName: '\u2764\ufe0f'.repeat(32) })).status).toBe(200);
      // A line separator breaks a one-line name, not a bio.
      expectRefused(await http.patch('/profile', { displayName: 'a\u2028b' }), 'displayName', 'matches');
      expect((await http.patch('/profile', { bio: 'a\u2028b' })).status).toBe(200);
      // Eight characters, where class-validator's own rule would count seven.
      const eight = await client().post('/auth/register', {
        email: `${uniqueLocalPart()}@example.com`,
        password: 'abcdefg\ufe0f',
      });
      expect(eight.status).toBe(201);

      for (const local of ['"a\u0007b"', '"a\nb"', '"a\u001b[2Jb"', '"a\u2028b"', '"a\u2029b"']) {
        expectRefused(
          await client().post('/auth/register', { email: `${local}@example.com`, password }),
          'email',
          'matches',
        );
      }
    });
  });

  describe('long paths', () => {
    const cart = (): HttpClient => client().at(stack.replicas.find(({ app }) => app === 'cart')!.url);
    // The body's size, whatever the path's: the path named once, cut to 200 characters.
    const expectSmall = (response: HttpResponse): void =>
      expect(JSON.stringify(response.body).length).toBeLessThan(600);

    it('answers a 4-8 KB path no route serves with a small 404, the path named once', async () => {
      for (const length of [4096, 8000]) {
        const path = `/cart/${'x'.repeat(length)}`;
        // Through the gateway and at the replica: the same answer.
        for (const http of [client(), cart()]) {
          const unrouted = await http.get(`${path}?page=1`);
          expect(unrouted.servedBy).toBe('cart-1');
          expect(unrouted.body).toEqual({
            statusCode: 404,
            error: 'Not Found',
            message: `No route serves GET ${path.slice(0, 200)}…`,
            errors: [{ field: 'url', rule: 'routed', message: 'No route serves this path' }],
          });
          expectSmall(unrouted);
        }
      }
    });

    it('answers a 4-8 KB path routed for other methods with a small 405, the path named once', async () => {
      // The web client's files: any path under /web/ is routed for GET and HEAD.
      const path = `/web/${'x'.repeat(8000)}`;
      const refused = await client().delete(path);
      expect(refused.headers.get('allow')).toBe('GET, HEAD');
      expect(refused.body).toEqual({
        statusCode: 405,
        error: 'Method Not Allowed',
        message: `DELETE is not allowed on ${path.slice(0, 200)}…; it allows GET, HEAD`,
        errors: [
          { field: 'method', rule: 'allowed', message: 'DELETE is not allowed on this path; it allows GET, HEAD' },
        ],
      });
      expectSmall(refused);
    });

    it('answers a long path parameter (414) and a path that does not decode (400) as small, the path named once', async () => {
      const tooLong = await client().patch(`/cart/items/${'x'.repeat(8000)}`, { quantity: 1 });
      expect(tooLong.body).toMatchObject({
        statusCode: 414,
        message: `'/cart/items/${'x'.repeat(188)}…' is exceeding the max param length`,
        errors: [{ field: 'url', rule: 'maxParamLength', message: 'A path parameter is too long' }],
      });
      expectSmall(tooLong);
      // The gateway's router refuses it before any replica, with the same body.
      for (const http of [client(), cart()]) {
        const malformed = await http.get(`/cart/%zz${'x'.repeat(8000)}`);
        expect(malformed.body).toMatchObject({
          statusCode: 400,
          errors: [{ field: 'url', rule: 'validUrl', message: 'The path does not decode' }],
        });
        expectSmall(malformed);
      }
    });
  });

  describe('the gateway', () => {
    it('answers a chunked body over the limit with 413, as one with Content-Length, and passes a small one on', async () => {
      // A replica refusing it would close the connection under the body still streaming in.
      const bodies = {
        '1 MB in 10 KB chunks': Array.from({ length: 100 }, () => 'x'.repeat(10_000)),
        '5 MB in one write': ['x'.repeat(5 * 1024 * 1024)],
      };
      for (const [name, chunks] of Object.entries(bodies)) {
        const tooLarge = await postChunked(`${stack.gatewayUrl}/auth/login`, chunks);
        expect({ name, status: tooLarge.status }).toEqual({ name, status: 413 });
        expect(JSON.parse(tooLarge.body)).toMatchObject({
          statusCode: 413,
          errors: [{ field: 'body', rule: 'maxBytes' }],
        });
      }

      const { email } = await signedIn();
      const small = await postChunked(`${stack.gatewayUrl}/auth/login`, [
        `{"email":"${email}",`,
        `"password":"${password}"}`,
      ]);
      expect(small.status).toBe(200);
    });

    it("answers what it refuses itself in the apps' error body, with X-Served-By and X-Request-Id", async () => {
      const unrouted = await client({ 'x-request-id': 'trace-7' }).get('/nowhere');
      expect(unrouted.status).toBe(404);
      expect(unrouted.body).toMatchObject({ statusCode: 404, errors: [{ field: 'url', rule: 'routed' }] });
      expect(unrouted.servedBy).toBe('gateway');
      expect(unrouted.headers.get('x-request-id')).toBe('trace-7');

      const traversal = await rawRequest(`${stack.gatewayUrl}/cart/items/../catalog`, 'GET');
      expect(traversal.status).toBe(400);
      expect(traversal.body).toMatchObject({ errors: [{ field: 'url', rule: 'validUrl' }] });
      expect(traversal.servedBy).toBe('gateway');
      expect(traversal.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
      // A replica's answer keeps the replica's own.
      expect((await client().get('/cart/catalog')).servedBy).toMatch(/^cart-/);
    });
  });
});

/** A POST with `Transfer-Encoding: chunked` (no Content-Length), one chunk per item of `chunks`. */
function postChunked(url: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    let answered = false;
    request.once('response', (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.once('end', () => resolve({ status: response.statusCode!, body }));
    });
    // The answer may come, and the connection close, before every chunk was sent: what counts
    // is the answer.
    request.on('error', (error) => (answered ? undefined : reject(error)));
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}
