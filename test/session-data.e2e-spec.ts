import { join } from 'node:path';
import { RedisServer, startRedisServer } from '@app/stack';
import { AppProcess, startAppProcess } from './support/app-process';
import { HttpClient } from './support/http-client';

// Two apps of one monorepo (test/support/session-data-app.main.ts, run as processes of their
// own) keep their own data in the session they share, through the session object, as
// libs/session/README.md shows.
describe("apps' own session data (two apps, one real redis-server)", () => {
  let redis: RedisServer;
  let apps: AppProcess[] = [];
  let orders: string;
  let billing: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      REDIS_URL: redis.url,
      SESSION_SECRETS: 'a-session-data-test-secret-long-enough-0123',
      LOG_LEVEL: 'warn',
    };
    // Compiled as it starts, by the bench's TypeScript loader.
    const launch = {
      nodeArguments: [
        '-r',
        join(__dirname, 'bench', 'register.js'),
        join(__dirname, 'support', 'session-data-app.main.ts'),
      ],
      readyTimeoutMs: 90_000,
    };
    apps = await Promise.all(['orders', 'billing'].map((app) => startAppProcess(app, { ...env, APP: app }, launch)));
    [orders, billing] = apps.map(({ url }) => url);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await redis?.stop();
  });

  const client = (): { orders: HttpClient; billing: HttpClient } => {
    const onOrders = new HttpClient(orders);
    return {
      orders: onOrders,
      get billing() {
        return onOrders.at(billing);
      },
    };
  };

  it('keeps every JSON value an app sets, with its type, and the other app reads it', async () => {
    const values = {
      text: 'é "quoted" \\ / \u2028',
      count: 42,
      big: Number.MAX_SAFE_INTEGER,
      fraction: 0.1 + 0.2,
      negative: -1.5e-7,
      yes: true,
      no: false,
      nothing: null,
      empty: [],
      emptyObject: {},
      list: [1, 'two', [3], { four: 4 }, null],
      nested: { a: { b: [] as unknown[], c: 'd' } },
    };
    const { orders: onOrders } = client();
    expect((await onOrders.put('/orders/session/data', values)).status).toBe(204);
    expect(onOrders.cookies.size).toBe(1);

    expect((await onOrders.get('/orders/session/data')).body).toEqual(values);
    expect((await onOrders.at(billing).get('/billing/session/data')).body).toEqual(values);
  });

  it('keeps typed data a feature module sets, signed in or not, and it survives signing in', async () => {
    const { orders: onOrders } = client();
    expect((await onOrders.put('/orders/session/draft-order')).status).toBe(204);
    expect((await onOrders.post('/orders/session/sign-in', { userId: 'user-typed' })).status).toBe(204);
    const onBilling = onOrders.at(billing);
    expect((await onBilling.put('/billing/session/billing-step')).status).toBe(204);
    expect((await onBilling.put('/billing/session/billing-step')).status).toBe(204);

    expect((await onOrders.at(orders).get('/orders/session/data')).body).toEqual({
      draftOrderId: 'order-1',
      basket: [{ sku: 'MUG-001', quantity: 2 }],
      billingStep: 2,
    });
  });

  it('keeps every change of concurrent requests that change different names, on both apps', async () => {
    const { orders: onOrders } = client();
    await onOrders.post('/orders/session/sign-in', { userId: 'user-concurrent' });
    const onBilling = onOrders.at(billing);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? onBilling : onOrders).put(`/${index % 2 ? 'billing' : 'orders'}/session/data`, {
          [`value${index}`]: index,
        }),
      ),
    );
    expect(responses.map(({ status }) => status)).toEqual(Array(20).fill(204));

    const expected = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`value${index}`, index]));
    expect((await onBilling.get('/billing/session/data')).body).toEqual(expected);
  });

  it('deletes a name with delete and with = undefined, from either app', async () => {
    const { orders: onOrders } = client();
    await onOrders.put('/orders/session/data', { kept: 1, deleted: 2, unset: 3 });
    const onBilling = onOrders.at(billing);
    expect((await onBilling.delete('/billing/session/data/deleted')).status).toBe(204);
    expect((await onOrders.put('/orders/session/data/unset/undefined')).status).toBe(204);

    expect((await onBilling.get('/billing/session/data')).body).toEqual({ kept: 1 });
  });

  it('refuses data over the limit with a 500 and a log line naming it, and keeps what was stored', async () => {
    const { orders: onOrders } = client();
    await onOrders.put('/orders/session/data', { small: 'kept' });
    const tooLarge = await onOrders.put('/orders/session/data', { huge: 'x'.repeat(5000) });
    expect(tooLarge.status).toBe(500);
    expect(apps[0].lines.join('\n')).toMatch(/the limit of 4096 bytes \(option maxDataBytes\)/);

    expect((await onOrders.at(billing).get('/billing/session/data')).body).toEqual({ small: 'kept' });
  });

  it("refuses a change of the library's own values through the session object, and changes nothing", async () => {
    const { orders: onOrders } = client();
    await onOrders.post('/orders/session/sign-in', { userId: 'user-reserved' });
    expect((await onOrders.put('/orders/session/roles')).status).toBe(500);
    expect((await onOrders.put('/orders/session/data', { createdAt: 1 })).status).toBe(500);

    // Still signed in, as a plain user, with the session's own creation time.
    const signedIn = await onOrders.at(billing).put('/billing/session/billing-step');
    expect(signedIn.status).toBe(204);
    const [session] = await sessionsOf('user-reserved');
    expect(session[4]).toBe('user');
    expect(session[0]).toBeGreaterThan(1_000_000_000);
  });

  /** The stored records of a user's sessions (see libs/session/src/session-record.ts). */
  async function sessionsOf(userId: string): Promise<unknown[][]> {
    const { default: Redis } = await import('ioredis');
    const { userTagOf } = await import('@app/session/session-id');
    const observer = new Redis(redis.url);
    try {
      const stored = await observer.hvals(`sess:user:${userTagOf(userId)}`);
      return stored.map((record) => JSON.parse(record) as unknown[]);
    } finally {
      observer.disconnect();
    }
  }
});
