import { setTimeout as sleep } from 'node:timers/promises';
import {
  createGateway,
  Gateway,
  RedisServer,
  Replica,
  ROUTE_TABLE,
  Stack,
  startRedisServer,
  startStack,
} from '@app/stack';
import { HttpClient, HttpResponse, rawRequest } from './support/http-client';

const REPLICA_TIMEOUT_MS = 1_000;

// The answers the gateway writes itself, when its replica is stopped (SIGSTOP: it takes the
// connection and never answers), killed, or not registered, and for paths no app serves.
describe("the gateway's own answers (a real gateway in front of a real replica, real Redis)", () => {
  let redis: RedisServer | undefined;
  let stack: Stack | undefined;
  let gateway: Gateway | undefined;
  let replica: Replica;
  let http: HttpClient;

  /** The apps' error body, its one detail naming `field` and `rule`, from the gateway. */
  const expectAnswer = (response: HttpResponse, status: number, field: string, rule: string): void => {
    expect(response.status).toBe(status);
    expect(response.servedBy).toBe('gateway');
    expect(response.body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      errors: [{ field, rule, message: expect.any(String) }],
    });
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    stack = await startStack({
      redisUrl: redis.url,
      replicas: 1,
      apps: ROUTE_TABLE.filter(({ app }) => app === 'cart'),
    });
    replica = stack.replicas[0];
    // Its own gateway, with a timeout a test can wait out.
    gateway = await createGateway({ upstreams: { '/cart': [replica.url] }, replicaTimeoutMs: REPLICA_TIMEOUT_MS });
    http = new HttpClient(gateway.url);
  });

  afterAll(async () => {
    if (replica?.process.pid !== undefined) {
      try {
        process.kill(replica.process.pid, 'SIGCONT');
      } catch {
        // Gone already.
      }
    }
    await gateway?.close();
    await stack?.stop();
    await redis?.stop();
  });

  it('answers 404 for a path no app serves and 400 for one it would rewrite, naming each path once, cut to 200 characters', async () => {
    const path = `/nowhere/${'x'.repeat(6000)}`;
    const unrouted = await http.get(path);
    expectAnswer(unrouted, 404, 'url', 'routed');
    const body = unrouted.body as { message: string };
    expect(body.message).toBe(`No app serves GET ${path.slice(0, 200)}…`);
    expect(JSON.stringify(body).length).toBeLessThan(600);

    // A path the URL parser would rewrite: both named, each cut.
    const rewritten = await rawRequest(`${gateway!.url}/cart/${'x'.repeat(6000)}/../catalog`, 'GET');
    expectAnswer(rewritten, 400, 'url', 'validUrl');
    expect(JSON.stringify(rewritten.body).length).toBeLessThan(1000);
  });

  it('answers 504 naming the timeout when the replica takes the request and never answers', async () => {
    process.kill(replica.process.pid!, 'SIGSTOP');
    const started = Date.now();
    const stalled = await http.get('/cart/catalog');
    expectAnswer(stalled, 504, 'upstream', 'timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(REPLICA_TIMEOUT_MS - 100);
  });

  it('answers 502 naming the lost connection when the replica dies with a POST in hand (not sent again)', async () => {
    // Still stopped: the POST waits on the connection until the kill closes it.
    const pending = http.post('/cart/items', { sku: 'tea', quantity: 1 });
    await sleep(REPLICA_TIMEOUT_MS / 4);
    await replica.stop('SIGKILL');
    expectAnswer(await pending, 502, 'upstream', 'answered');
  });

  it('answers 502 naming the unreachable replica once it is gone, for requests and for the API page', async () => {
    expectAnswer(await http.get('/cart/catalog'), 502, 'upstream', 'reachable');
    expectAnswer(await http.get('/docs/json'), 502, 'upstream', 'servesDocument');
  });

  it('answers 502 naming the missing registration when an app has no replica', async () => {
    gateway!.setUpstreams('/cart', []);
    expectAnswer(await http.get('/cart/catalog'), 502, 'upstream', 'registered');
  });
});
