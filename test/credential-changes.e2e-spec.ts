import Redis from 'ioredis';
import { Stack } from '@app/stack';
import { HttpClient, HttpResponse } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';
const LOGINS = 25;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A sign-in checks the password and reads the roles, then spends ~200 ms in scrypt before its
// session is stored. No session whose sign-in read the credentials before a change of password
// or roles may outlive that change, however the requests interleave.
describe('sign-ins racing a change of password or roles (real processes, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: Redis;
  let address = 0;

  // Each client its own address, so that the per-address login limits stay out of the way.
  const client = (): HttpClient => new HttpClient(stack.gatewayUrl, { 'x-forwarded-for': `198.51.100.${++address}` });

  async function register(email: string): Promise<string> {
    const response = await client().post<{ id: string }>('/auth/register', { email, password });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function signIn(email: string): Promise<HttpClient> {
    const http = client();
    expect((await http.post('/auth/login', { email, password })).status).toBe(200);
    return http;
  }

  /** Starts `LOGINS` sign-ins with the same credentials, 100 ms apart; resolves each client and its answer. */
  function loginsEvery100ms(email: string): Promise<{ http: HttpClient; login: HttpResponse }[]> {
    return Promise.all(
      Array.from({ length: LOGINS }, async (_, index) => {
        await sleep(index * 100);
        const http = client();
        return { http, login: await http.post('/auth/login', { email, password }) };
      }),
    );
  }

  beforeAll(async () => {
    running = await startTestStack({ replicas: 2, env: { REGISTER_MAX_PER_WINDOW: '1000' } });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('leaves no session of a sign-in that checked the old password', async () => {
    const email = `racing-password-${process.pid}@example.com`;
    await register(email);
    const owner = await signIn(email);

    const logins = loginsEvery100ms(email);
    await sleep(800);
    const change = await owner.post('/auth/password', { currentPassword: password, newPassword: 'a new password!' });
    expect(change.status).toBe(204);
    const results = await logins;

    const survivors: number[] = [];
    for (const [index, { http, login }] of results.entries()) {
      expect([200, 401, 409, 429]).toContain(login.status);
      if ((await http.get('/auth/me')).status === 200) survivors.push(index);
    }
    expect(survivors).toEqual([]);
    // The race happened: some sign-ins were answered before the change, some refused after it.
    expect(results.filter(({ login }) => login.status === 200).length).toBeGreaterThan(0);
    expect(results.filter(({ login }) => login.status !== 200).length).toBeGreaterThan(0);
    expect((await owner.get('/auth/me')).status).toBe(200);
  });

  it('leaves no session with the roles a demoted admin had when signing in', async () => {
    const adminEmail = `racing-admin-${process.pid}@example.com`;
    const demotedEmail = `racing-demoted-${process.pid}@example.com`;
    const demotedId = await register(demotedEmail);
    // Both are admins, made so by the operator (directly in the user records).
    await observer.hset(`user:${await register(adminEmail)}`, 'roles', 'user,admin');
    await observer.hset(`user:${demotedId}`, 'roles', 'user,admin');
    const admin = await signIn(adminEmail);

    const logins = loginsEvery100ms(demotedEmail);
    await sleep(800);
    expect((await admin.put(`/auth/users/${demotedId}/roles`, { roles: ['user'] })).status).toBe(204);
    const results = await logins;

    const admins: number[] = [];
    for (const [index, { http }] of results.entries()) {
      const me = await http.get<{ roles: string[] }>('/auth/me');
      if (me.status === 200 && me.body.roles.includes('admin')) admins.push(index);
      // Nor can any of them grant admin back.
      expect((await http.put(`/auth/users/${demotedId}/roles`, { roles: ['user', 'admin'] })).status).not.toBe(204);
    }
    expect(admins).toEqual([]);
    expect(await observer.hget(`user:${demotedId}`, 'roles')).toBe('user');
  });
});
