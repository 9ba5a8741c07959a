import { Signer } from '@fastify/cookie';
import type { RedisClient } from '@app/redis';
import { Stack } from '@app/stack';
import { HttpClient, HttpResponse } from '../support/http-client';
import { startTestStack, TestStack } from '../support/test-stack';
import { ReliabilityReport } from '../support/reliability-report';

const password = 'correct horse battery';
const SECRET = 's'.repeat(40);
// Statuses the API documents for bad input (and 401 for a session that is not valid).
const DOCUMENTED = new Set([400, 401, 403, 404, 409, 413, 414, 415, 429, 431]);

interface Route {
  method: string;
  path: string;
  /** A body the route would accept; every case below spoils it. */
  body?: Record<string, unknown>;
  /** Fields that may be left out. */
  optional?: string[];
  param?: string;
}

// Every route that takes input, with the fields it reads.
const ROUTES: Route[] = [
  { method: 'POST', path: '/auth/register', body: { email: 'fuzz-new@example.com', password } },
  { method: 'POST', path: '/auth/login', body: { email: 'fuzz@example.com', password: 'a wrong password' } },
  {
    method: 'POST',
    path: '/auth/password',
    body: { currentPassword: 'a wrong password', newPassword: 'another password' },
  },
  { method: 'PUT', path: '/auth/users/:id/roles', body: { roles: ['user'] }, param: 'id' },
  { method: 'DELETE', path: '/auth/sessions/:id', param: 'id' },
  { method: 'POST', path: '/auth/logout-all?keepCurrent=maybe' },
  { method: 'PATCH', path: '/profile', body: { displayName: 'x', bio: 'y' }, optional: ['displayName', 'bio'] },
  { method: 'POST', path: '/cart/items', body: { sku: 'MUG-001', quantity: 1 } },
  { method: 'PATCH', path: '/cart/items/:sku', body: { quantity: 1 }, param: 'sku' },
  { method: 'DELETE', path: '/cart/items/:sku', param: 'sku' },
];
const READ_ROUTES = ['/auth/me', '/auth/sessions', '/profile', '/cart', '/cart/catalog'];

const WRONG_VALUES: unknown[] = [12345, -1.5, true, null, [], {}, ['a'], { nested: 'x' }];
const ABSURD_PARAMS = ['x'.repeat(5000), '%00', '..%2F..%2Fetc%2Fpasswd', '%E2%28%A1', '%', 'é🙂', ' ', '-1', '1e309'];

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

function casesFor(route: Route, fuzzerId: string): Case[] {
  const path = route.param
    ? route.path.replace(`:${route.param}`, route.param === 'id' ? fuzzerId : 'MUG-001')
    : route.path;
  const json = { 'content-type': 'application/json' };
  const send = (name: string, body: unknown, headers: Record<string, string> = json): Case => ({
    name: `${route.method} ${route.path}: ${name}`,
    method: route.method,
    path,
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    headers,
  });
  const cases: Case[] = [
    send('malformed JSON', '{"a": '),
    send('a JSON string', '"text"'),
    send('a JSON array', '[1,2]'),
    send('__proto__ key', `{"__proto__":{"admin":true},${JSON.stringify(route.body ?? {}).slice(1)}`),
    send('constructor key', `{"constructor":{"prototype":{"admin":true}},${JSON.stringify(route.body ?? {}).slice(1)}`),
    send('body over the limit', { ...route.body, filler: 'x'.repeat(20_000) }),
    send('1 MB string', { pad: 'x'.repeat(1024 * 1024) }),
    send('wrong content type', 'email=a', { 'content-type': 'text/plain' }),
    send('form content type', 'email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }),
    send('invalid UTF-8', Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])),
  ];
  if (route.body) {
    for (const field of Object.keys(route.body)) {
      cases.push(
        ...WRONG_VALUES.map((value) => send(`${field} = ${JSON.stringify(value)}`, { ...route.body, [field]: value })),
        send(`${field} of control characters`, { ...route.body, [field]: '\u0000\u0007\u001b[2J\u0008' }),
      );
      if (!route.optional?.includes(field)) {
        const { [field]: _omitted, ...rest } = route.body;
        cases.push(send(`${field} missing`, rest));
      }
    }
    cases.push(send('an unknown field', { ...route.body, isAdmin: true }), send('empty object', {}));
  }
  if (route.param) {
    for (const param of ABSURD_PARAMS) {
      cases.push({
        name: `${route.method} ${route.path}: ${route.param} = ${param.slice(0, 20)}`,
        method: route.method,
        path: route.path.replace(`:${route.param}`, param),
        body: route.body ? JSON.stringify(route.body) : undefined,
        headers: json,
      });
    }
  }
  return cases;
}

describe('bad input to every route of every app: documented 4xx JSON, nothing stored changes', () => {
  const report = new ReliabilityReport('bad-input', 'Bad input');
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
  let fuzzer: HttpClient;
  let fuzzerId: string;
  let bystander: HttpClient;

  /** Everything stored but the sessions' last-seen times. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const keys = (await observer.keys('*')).filter((key) => !key.startsWith('throttle:')).sort();
    const values: Record<string, unknown> = {};
    // A session record (a JSON array) without its last-seen time, the second value.
    const withoutLastSeen = (record: string): unknown[] => JSON.parse(record).toSpliced(1, 1);
    for (const key of keys) {
      const type = await observer.type(key);
      if (type === 'hash') {
        const fields = await observer.hgetall(key);
        values[key] = key.startsWith('sess:user:')
          ? Object.fromEntries(Object.entries(fields).map(([field, record]) => [field, withoutLastSeen(record)]))
          : fields;
      } else if (type === 'zset') values[key] = await observer.zrange(key, '0', '-1');
      else {
        const value = (await observer.get(key))!;
        values[key] = key.startsWith('sess:') && !key.startsWith('sess:ua:') ? withoutLastSeen(value) : value;
      }
    }
    return values;
  }

  function expectDocumented(name: string, response: HttpResponse): void {
    const body = response.body as { statusCode?: number; message?: string };
    expect({ name, status: response.status, documented: DOCUMENTED.has(response.status) }).toEqual({
      name,
      status: response.status,
      documented: true,
    });
    expect({ name, json: response.headers.get('content-type')?.includes('application/json') }).toEqual({
      name,
      json: true,
    });
    expect({ name, statusCode: body.statusCode, message: typeof body.message }).toEqual({
      name,
      statusCode: response.status,
      message: 'string',
    });
  }

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      sessionSecrets: SECRET,
      env: { REGISTER_MAX_PER_WINDOW: '1000' },
    });
    ({ stack, observer } = running);
    const make = async (email: string): Promise<[HttpClient, string]> => {
      const client = new HttpClient(stack.gatewayUrl);
      const registered = await client.post<{ id: string }>('/auth/register', { email, password });
      await client.post('/auth/login', { email, password });
      await client.patch('/profile', { displayName: email, bio: 'kept' });
      await client.post('/cart/items', { sku: 'TEE-002', quantity: 2 });
      return [client, registered.body.id];
    };
    [fuzzer, fuzzerId] = await make('fuzz@example.com');
    [bystander] = await make('bystander@example.com');
  });

  afterAll(async () => {
    report.write();
    await running?.stop();
  });

  it('answers every malformed body, wrong type, missing or extra field and absurd parameter with a documented 4xx', async () => {
    const before = await snapshot();
    const cases = ROUTES.flatMap((route) => casesFor(route, fuzzerId));
    for (const testCase of cases) {
      const response = await fuzzer.request(testCase.method, testCase.path, testCase.body, testCase.headers);
      expectDocumented(testCase.name, response);
    }
    expect(await snapshot()).toEqual(before);
    report.add({
      case: `bodies and parameters: malformed JSON, JSON of the wrong shape, __proto__/constructor keys, wrong types (${WRONG_VALUES.length} per field), control characters, missing and unknown fields, over the limit, 1 MB strings, invalid UTF-8, wrong content types, absurd path parameters, to ${ROUTES.length} routes`,
      requests: cases.length,
      outcome: 'only 400/401/403/404/409/413/414/415/429 with JSON naming the problem; no 500; stored data unchanged',
    });
  });

  it('refuses every spoiled session cookie without a 500', async () => {
    const before = await snapshot();
    const valid = fuzzer.cookies.get('sid')!;
    const [id] = valid.split('.');
    const cookies: Record<string, string> = {
      empty: '',
      truncated: valid.slice(0, valid.length - 5),
      'id only': id,
      tampered: `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${valid.split('.')[1]}`,
      'unknown secret': new Signer(['u'.repeat(40)]).sign(id),
      '8 KB': 'x'.repeat(8 * 1024),
      'control characters': encodeURIComponent('\u0000\u0001\u001b'),
    };
    let requests = 0;
    for (const [name, cookie] of Object.entries(cookies)) {
      for (const path of READ_ROUTES) {
        const response = await new HttpClient(stack.gatewayUrl).get(path, { cookie: `sid=${cookie}` });
        requests++;
        if (path === '/cart' || path === '/cart/catalog') {
          expect({ name, path, status: response.status }).toEqual({ name, path, status: 200 }); // anonymous
        } else {
          expect({ name, path, status: response.status }).toEqual({ name, path, status: 401 });
          expectDocumented(`${name} ${path}`, response);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
    expect((await bystander.get('/auth/me')).status).toBe(200);
    report.add({
      case: 'session cookie empty, truncated, unsigned, tampered, signed with an unknown secret, 8 KB, control characters',
      requests,
      outcome: '401 JSON on session routes, anonymous 200 on public ones; no 500; stored data unchanged',
    });
  });

  it('answers oversized headers with 431 JSON, through the gateway and on a replica', async () => {
    const huge = { 'x-padding': 'y'.repeat(20 * 1024) };
    const viaGateway = await new HttpClient(stack.gatewayUrl).get('/auth/me', huge);
    expectDocumented('gateway', viaGateway);
    expect(viaGateway.status).toBe(431);
    const direct = await new HttpClient(stack.replicas[0].url).get('/auth/me', huge);
    expect(direct.status).toBe(431);
    report.add({ case: 'a 20 KB header', requests: 2, outcome: '431 JSON from the gateway and from a replica' });
  });

  it('leaves every replica alive and every user signed in', async () => {
    for (const replica of stack.replicas) {
      expect(replica.process.exitCode).toBeNull();
      expect((await new HttpClient(replica.url).get(`/${replica.app}/health/live`)).status).toBe(200);
    }
    expect((await fuzzer.get('/profile')).body).toMatchObject({ displayName: 'fuzz@example.com', bio: 'kept' });
    expect((await bystander.get('/cart')).body).toMatchObject({
      items: [expect.objectContaining({ sku: 'TEE-002', quantity: 2 })],
    });
  });
});
