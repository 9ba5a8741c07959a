import type { RedisClient } from '@app/redis';
import { userTagOf } from '@app/session/session-id';
import { Stack } from '@app/stack';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const IDLE_SECONDS = 3;
const ABSOLUTE_SECONDS = 6;
const password = 'correct horse battery';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('idle and absolute timeouts, enforced by the server (seconds-long settings)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
  let counter = 0;

  async function signedIn(): Promise<{ client: HttpClient; id: string; at: number }> {
    const client = new HttpClient(stack.gatewayUrl);
    const email = `timeout${++counter}@example.com`;
    const registered = await client.post<{ id: string }>('/auth/register', { email, password });
    const at = Date.now();
    expect((await client.post('/auth/login', { email, password })).status).toBe(200);
    return { client, id: registered.body.id, at };
  }

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      env: {
        SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS),
        SESSION_ABSOLUTE_TIMEOUT_SECONDS: String(ABSOLUTE_SECONDS),
        SESSION_TOUCH_INTERVAL_SECONDS: '1',
      },
    });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it("ends an unused session after the idle timeout, and its user's hash with it", async () => {
    const { client, id } = await signedIn();
    expect((await client.get('/auth/me')).status).toBe(200);
    await sleep((IDLE_SECONDS + 0.5) * 1000);
    expect((await client.get('/auth/me')).status).toBe(401);
    expect(await observer.exists(`sess:user:${userTagOf(id)}`)).toBe(0);
  });

  it('slides the idle timeout while in use, but ends the session at the absolute timeout', async () => {
    const { client, at } = await signedIn();
    const statuses: { elapsed: number; status: number }[] = [];
    while (Date.now() - at < (ABSOLUTE_SECONDS + 1.5) * 1000) {
      statuses.push({ elapsed: Date.now() - at, status: (await client.get('/auth/me')).status });
      await sleep(700);
    }
    // Well past the idle timeout, still signed in: every read slid it.
    const early = statuses.filter(({ elapsed }) => elapsed < (ABSOLUTE_SECONDS - 1.5) * 1000);
    expect(early.length).toBeGreaterThan(4);
    expect(early.every(({ status }) => status === 200)).toBe(true);
    expect(early.some(({ elapsed }) => elapsed > IDLE_SECONDS * 1000)).toBe(true);
    // Past the absolute timeout, refused however active.
    expect(statuses.at(-1)!.status).toBe(401);
  });

  it('reports last seen to the touch interval', async () => {
    const { client } = await signedIn();
    await sleep(2100);
    await client.get('/auth/me');
    const [session] = (await client.get<{ createdAt: string; lastSeenAt: string }[]>('/auth/sessions')).body;
    expect(Date.parse(session.lastSeenAt) - Date.parse(session.createdAt)).toBeGreaterThanOrEqual(1000);
  });
});
