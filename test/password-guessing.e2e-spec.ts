import type { RedisClient } from '@app/redis';
import { pollUntil, ROUTE_TABLE, Stack } from '@app/stack';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';
const PER_ADDRESS = 5;
const PER_ACCOUNT = 12;
const PER_CLIENT = 9;

/** How many of a burst's answers had each status, e.g. `{ 401: 5, 429: 19 }`. */
const countStatuses = (statuses: number[]): Record<number, number> =>
  statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('password guessing: concurrent guesses never pass the limits (replicas behind the gateway, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
  let counter = 0;

  const client = (address: string): HttpClient => new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': address });
  const uniqueEmail = (): string => `guessed${++counter}-${process.pid}@example.com`;

  async function register(): Promise<string> {
    const email = uniqueEmail();
    expect((await client('198.51.100.1').post('/auth/register', { email, password })).status).toBe(201);
    return email;
  }

  /** Resolves once this email and address have spent the per-address limit in Redis. */
  async function limitSpent(email: string, address: string): Promise<void> {
    const spent = await pollUntil(
      async () => Number(await observer.get(`throttle:login:${email}|${address}`)) >= PER_ADDRESS,
      { timeoutMs: 20_000, intervalMs: 10, abandon: () => false },
    );
    expect(spent).toBe('ready');
  }

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      apps: ROUTE_TABLE.filter((route) => route.app === 'auth'),
      readyTimeoutMs: 60_000,
      env: {
        REGISTER_MAX_PER_WINDOW: '1000',
        LOGIN_MAX_FAILURES: String(PER_ADDRESS),
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
        LOGIN_MAX_FAILURES_PER_CLIENT: String(PER_CLIENT),
      },
    });
    ({ stack, observer } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('checks at most LOGIN_MAX_FAILURES of 24 concurrent wrong guesses, and refuses the right password sent among them', async () => {
    const email = await register();
    const attacker = client('192.0.2.10');
    const wrong = Array.from({ length: 24 }, (_, i) =>
      attacker.post('/auth/login', { email, password: `wrong guess ${i}` }),
    );
    // Sent while the wrong guesses are still being verified (each costs scrypt), past the limit.
    await limitSpent(email, '192.0.2.10');
    const right = await attacker.post('/auth/login', { email, password });
    const answers = await Promise.all(wrong);

    expect(countStatuses(answers.map((answer) => answer.status))).toEqual({ 401: PER_ADDRESS, 429: 24 - PER_ADDRESS });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(attacker.cookies.has('sid')).toBe(false);
    // The owner, from another address, is not locked out by this.
    expect((await client('203.0.113.10').post('/auth/login', { email, password })).status).toBe(200);
  });

  it('limits checks per account across addresses, refusing even the right password until the window ends', async () => {
    const email = await register();
    const addresses = Array.from({ length: 5 }, (_, i) => `192.0.2.${20 + i}`);
    const answers = await Promise.all(
      addresses.flatMap((address) =>
        Array.from({ length: PER_ADDRESS }, (_, i) =>
          client(address).post('/auth/login', { email, password: `wrong guess ${i}` }),
        ),
      ),
    );

    expect(countStatuses(answers.map((answer) => answer.status))).toEqual({ 401: PER_ACCOUNT, 429: 25 - PER_ACCOUNT });
    // The lockout this limit costs (docs/security.md): the owner waits out the window too.
    const owner = await client('203.0.113.20').post('/auth/login', { email, password });
    expect(owner.status).toBe(429);
    expect(owner.body).toMatchObject({ message: expect.stringMatching(/this account/) });
  });

  it('checks at most LOGIN_MAX_FAILURES_PER_CLIENT passwords from one address for every email together, unknown ones included', async () => {
    const email = await register();
    const sprayer = client('192.0.2.40');
    // A new unknown email each time: no per-email limit is reached, and each costs a scrypt.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sprayer.post('/auth/login', { email: `nobody${i}-${process.pid}@example.com`, password: `wrong guess ${i}` }),
      ),
    );

    expect(countStatuses(answers.map((answer) => answer.status))).toEqual({ 401: PER_CLIENT, 429: 20 - PER_CLIENT });
    const refused = await sprayer.post('/auth/login', { email, password });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ message: expect.stringMatching(/from this address/) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client('203.0.113.40').post('/auth/login', { email, password })).status).toBe(200);
  });

  it('checks at most LOGIN_MAX_FAILURES current passwords of a password change, however concurrent', async () => {
    const email = await register();
    const thief = client('192.0.2.30');
    expect((await thief.post('/auth/login', { email, password })).status).toBe(200);

    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        thief.post('/auth/password', { currentPassword: `guess ${i}`, newPassword: 'the thief wants this' }),
      ),
    );
    expect(countStatuses(guesses.map((guess) => guess.status))).toEqual({ 403: PER_ADDRESS, 429: 12 - PER_ADDRESS });
    const right = await thief.post('/auth/password', {
      currentPassword: password,
      newPassword: 'the thief wants this',
    });
    expect(right.status).toBe(429);
    expect((await client('203.0.113.30').post('/auth/login', { email, password })).status).toBe(200);
  });
});
