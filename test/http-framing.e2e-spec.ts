import { Stack } from '@app/stack';
import { exchangeBytes, RawAnswer, sendSlowly } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const CRLF = '\r\n';
const request = (...lines: string[]): string => lines.join(CRLF) + CRLF + CRLF;

// Each would frame a second request differently in a server that read it another way.
const MALFORMED: Record<string, { bytes: string; field: string }> = {
  'Content-Length with Transfer-Encoding': {
    bytes:
      request('POST /auth/login HTTP/1.1', 'Host: x', 'Content-Length: 4', 'Transfer-Encoding: chunked') + '0\r\n\r\n',
    field: 'transfer-encoding',
  },
  'two Content-Lengths': {
    bytes: request('POST /auth/login HTTP/1.1', 'Host: x', 'Content-Length: 2', 'Content-Length: 3') + '{}x',
    field: 'content-length',
  },
  'Transfer-Encoding: chunked, identity': {
    bytes:
      request(
        'POST /auth/login HTTP/1.1',
        'Host: x',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked, identity',
      ) + '0\r\n\r\n',
    field: 'transfer-encoding',
  },
  'an obs-fold header': { bytes: request('GET /auth/me HTTP/1.1', 'Host: x', 'X-A: a', ' b'), field: 'headers' },
  'bare LF line ends': { bytes: 'GET /auth/me HTTP/1.1\nHost: x\n\n', field: 'request' },
  'an invalid chunk size': {
    bytes:
      request('POST /auth/login HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked') +
      'zz\r\n{}\r\n0\r\n\r\n',
    field: 'body',
  },
  'a NUL in a header': { bytes: request('GET /auth/me HTTP/1.1', 'Host: x', 'X-A: a\0b'), field: 'headers' },
};

// Short, so a slow client's wait is short; Node looks for expired requests once a second.
const HEADERS_TIMEOUT_S = 1;
const REQUEST_TIMEOUT_S = 2;
const CHECK_INTERVAL_MS = 1000;

describe('HTTP/1.1 as a strict client sends it and an attacker bends it (the gateway and a replica, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let targets: [string, string][];

  beforeAll(async () => {
    // Generous: four apps start at once on a busy two-core machine.
    running = await startTestStack({
      replicas: 1,
      readyTimeoutMs: 120_000,
      env: { HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_S), REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_S) },
    });
    ({ stack } = running);
    targets = [
      ['gateway', stack.gatewayUrl],
      ['auth replica', stack.replicas.find((replica) => replica.app === 'auth')!.url],
    ];
  }, 150_000);

  afterAll(async () => {
    await running?.stop();
  });

  const expectRefusal = (answer: RawAnswer | undefined, status: number, field: string, rule: string): void => {
    expect(answer?.status).toBe(status);
    expect(answer!.headers['content-type']).toContain('application/json');
    expect(answer!.headers['x-request-id']).toBeTruthy();
    expect(answer!.headers['x-served-by']).toBeTruthy();
    expect(JSON.parse(answer!.body)).toMatchObject({ statusCode: status, errors: [{ field, rule }] });
  };

  it('answers framing the parser refuses with one 400 naming the field, and closes: the smuggled request is never answered', async () => {
    for (const [target, url] of targets) {
      for (const [name, { bytes, field }] of Object.entries(MALFORMED)) {
        const smuggled = request('GET /auth/me HTTP/1.1', 'Host: x');
        const { answers, closed } = await exchangeBytes(url, bytes + smuggled);
        expect({ target, name, statuses: answers.map((answer) => answer.status), closed }).toEqual({
          target,
          name,
          statuses: [400],
          closed: true,
        });
        expectRefusal(answers[0], 400, field, 'wellFormed');
      }
      const { answers } = await exchangeBytes(
        url,
        request('GET /auth/me HTTP/1.1', 'Host: x', `X-A: ${'a'.repeat(20_000)}`),
      );
      expectRefusal(answers[0], 431, 'headers', 'maxBytes');
    }
  });

  it('answers a request once when its body turns out malformed after the answer, and closes', async () => {
    // No Content-Type: the replica answers 415 before reading the body, whose chunk size the
    // parser then refuses; a second answer would be read as the answer to the next request.
    const bytes = request('POST /auth/login HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked');
    for (const [target, url] of targets) {
      const { answers, closed } = await exchangeBytes(url, [
        bytes,
        'zz\r\n' + request('GET /auth/me HTTP/1.1', 'Host: x'),
      ]);
      expect({ target, statuses: answers.map((answer) => answer.status), closed }).toEqual({
        target,
        statuses: [target === 'gateway' ? 400 : 415],
        closed: true,
      });
    }
  });

  it('refuses an HTTP/1.1 request without exactly one Host with 400, as Traefik does; HTTP/1.0 needs none', async () => {
    for (const [target, url] of targets) {
      const missing = await exchangeBytes(url, request('GET /auth/me HTTP/1.1'));
      expectRefusal(missing.answers[0], 400, 'host', 'required');
      const twice = await exchangeBytes(url, request('GET /auth/me HTTP/1.1', 'Host: a', 'Host: b'));
      expectRefusal(twice.answers[0], 400, 'host', 'single');
      const old = await exchangeBytes(url, request('GET /auth/health/live HTTP/1.0'));
      expect({ target, status: old.answers[0]?.status }).toEqual({ target, status: 200 });
    }
  });

  it('answers every pipelined request on a kept-alive connection in order, a HEAD among them', async () => {
    for (const [target, url] of targets) {
      const { answers, closed } = await exchangeBytes(
        url,
        request('HEAD /auth/health/live HTTP/1.1', 'Host: x', 'X-Request-Id: one') +
          request('GET /auth/me HTTP/1.1', 'Host: x', 'X-Request-Id: two') +
          request('GET /auth/health/live HTTP/1.1', 'Host: x', 'X-Request-Id: three'),
      );
      expect({ target, answers: answers.map(({ status, headers }) => [status, headers['x-request-id']]) }).toEqual({
        target,
        answers: [
          [200, 'one'],
          [401, 'two'],
          [200, 'three'],
        ],
      });
      expect({ target, body: answers[0].body, closed }).toEqual({ target, body: '', closed: false });
    }
  });

  it('passes a body sent with Expect: 100-continue on (not a 502), and answers one over the limit 413', async () => {
    const body = '{"email":"not-an-email","password":"whatever1"}';
    for (const [target, url] of targets) {
      const { answers } = await exchangeBytes(
        url,
        request(
          'POST /auth/login HTTP/1.1',
          'Host: x',
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          'Expect: 100-continue',
        ) + body,
      );
      const final = answers.filter((answer) => answer.status !== 100);
      expect({ target, status: final[0]?.status }).toEqual({ target, status: 400 });
      expect(JSON.parse(final[0].body)).toMatchObject({ errors: [{ field: 'email', rule: 'isEmail' }] });

      const tooLarge = await exchangeBytes(
        url,
        request(
          'POST /auth/login HTTP/1.1',
          'Host: x',
          'Content-Type: application/json',
          'Content-Length: 2000000',
          'Expect: 100-continue',
        ),
      );
      expectRefusal(
        tooLarge.answers.find((answer) => answer.status !== 100),
        413,
        'body',
        'maxBytes',
      );
    }
  });

  it('answers 408 JSON and closes when a client is slow to send its request (slowloris): headers unfinished, body stopped or dripped', async () => {
    const body = '{"email":"ann@example.com","password":"correct horse"}';
    const head = request(
      'POST /auth/login HTTP/1.1',
      'Host: x',
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
    );
    // A byte every 200 ms keeps the connection busy, but the body would take 11 s.
    const shapes: [string, string, string, number][] = [
      ['headers unfinished', 'POST /auth/login HTTP/1.1\r\nHost: x\r\n', '', HEADERS_TIMEOUT_S],
      ['body stopped', head + body.slice(0, 10), '', REQUEST_TIMEOUT_S],
      ['body dripped', head, body, REQUEST_TIMEOUT_S],
    ];
    const exchanges = await Promise.all(
      targets.flatMap(([target, url]) =>
        shapes.map(async ([shape, first, drip, timeoutS]) => ({
          target,
          shape,
          timeoutS,
          ...(await sendSlowly(url, first, drip)),
        })),
      ),
    );
    for (const { target, shape, timeoutS, answers, closed, closedAfterMs } of exchanges) {
      expect({ target, shape, statuses: answers.map((answer) => answer.status), closed }).toEqual({
        target,
        shape,
        statuses: [408],
        closed: true,
      });
      expectRefusal(answers[0], 408, 'request', 'timeout');
      // Within the timeout and one check of Node's, with a second to spare for a busy machine.
      const inTime =
        closedAfterMs > timeoutS * 1000 - 100 && closedAfterMs < timeoutS * 1000 + CHECK_INTERVAL_MS + 1000;
      expect({ target, shape, closedAfterMs, inTime }).toEqual({ target, shape, closedAfterMs, inTime: true });
    }
  });

  it('refuses at the gateway a path the URL parser would rewrite, instead of routing one path and sending another', async () => {
    for (const path of ['/web/x\\..\\..\\auth/me', '/auth/./me', '/auth/%2e/me', '/auth/me#x', '/cart/items/{x}']) {
      const { answers } = await exchangeBytes(stack.gatewayUrl, request(`GET ${path} HTTP/1.1`, 'Host: x'));
      expect({ path, status: answers[0]?.status, servedBy: answers[0]?.headers['x-served-by'] }).toEqual({
        path,
        status: 400,
        servedBy: 'gateway',
      });
      expectRefusal(answers[0], 400, 'url', 'validUrl');
    }
    // What the URL parser leaves as it is still reaches the app: an encoded letter, an encoded slash.
    const encoded = await exchangeBytes(stack.gatewayUrl, request('GET /auth/%6De HTTP/1.1', 'Host: x'));
    expect(encoded.answers[0]).toMatchObject({
      status: 401,
      headers: { 'x-served-by': expect.stringMatching(/^auth-/) },
    });
  });
});
