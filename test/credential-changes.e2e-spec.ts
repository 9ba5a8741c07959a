import type { RedisClient } from '@app/redis';
import { Stack } from '@app/stack';
import { HttpClient, HttpResponse } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';
// Sign-ins 100 ms apart, the change made once this many are on their way; then a few more once
// the change is answered.
const LOGINS_BEFORE = 8;
const LOGINS = 25;
const LOGINS_AFTER = 3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A sign-in checks the password and reads the roles, then spends ~200 ms in scrypt before its
// session is stored. No session whose sign-in read the credentials before a change of password
// or roles may outlive that change, however the requests interleave.
describe('sign-ins racing a change of password or roles (real processes, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let observer: RedisClient;
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

  /**
   * Starts `LOGINS` sign-ins with the same credentials, 100 ms apart, and makes `change` once
   * `LOGINS_BEFORE` of them are on their way; once the change is answered, starts
   * `LOGINS_AFTER` more. Resolves the change's status, and each sign-in's client and answer
   * (the last `LOGINS_AFTER` started after the change was answered).
   */
  async function loginsAround(
    email: string,
    change: () => Promise<HttpResponse>,
  ): Promise<{ changed: number; logins: { http: HttpClient; login: HttpResponse }[] }> {
    const login = (): Promise<{ http: HttpClient; login: HttpResponse }> => {
      const http = client();
      return http.post('/auth/login', { email, password }).then((answer) => ({ http, login: answer }));
    };
    const logins: Promise<{ http: HttpClient; login: HttpResponse }>[] = [];
    let changed: Promise<HttpResponse> | undefined;
    while (logins.length < LOGINS) {
      logins.push(login());
      if (logins.length === LOGINS_BEFORE) changed = change();
      await sleep(100);
    }
    const { status } = await changed!;
    for (let index = 0; index < LOGINS_AFTER; index++) logins.push(login());
    return { changed: status, logins: await Promise.all(logins) };
  }

  beforeAll(async () => {
    // scrypt at half the production cost (~100 ms a check): the race is the same, and the
    // sign-ins stay within the clients' time limits on two busy cores.
    running = await startTestStack({
      replicas: 2,
      env: { REGISTER_MAX_PER_WINDOW: '1000', PASSWORD_SCRYPT_LOG2_COST: '13' },
    });
    ({ stack, observer } = running);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('leaves no session of a sign-in that checked the old password', async () => {
    const email = `racing-password-${process.pid}@example.com`;
    await register(email);
    const owner = await signIn(email);

    const { changed, logins } = await loginsAround(email, () =>
      owner.post('/auth/password', { currentPassword: password, newPassword: 'a new password!' }),
    );
    expect(changed).toBe(204);

    const survivors: number[] = [];
    for (const [index, { http, login }] of logins.entries()) {
      expect([200, 401, 409, 429]).toContain(login.status);
      if ((await http.get('/auth/me')).status === 200) survivors.push(index);
    }
    expect(survivors).toEqual([]);
    // The sign-ins started after the change was answered checked the new password, and failed.
    expect(logins.slice(-LOGINS_AFTER).map(({ login }) => login.status)).toEqual(Array(LOGINS_AFTER).fill(401));
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

    const { changed, logins } = await loginsAround(demotedEmail, () =>
      admin.put(`/auth/users/${demotedId}/roles`, { roles: ['user'] }),
    );
    expect(changed).toBe(204);

    const admins: number[] = [];
    for (const [index, { http }] of logins.entries()) {
      const me = await http.get<{ roles: string[] }>('/auth/me');
      if (me.status === 200 && me.body.roles.includes('admin')) admins.push(index);
      // Nor can any of them grant admin back.
      expect((await http.put(`/auth/users/${demotedId}/roles`, { roles: ['user', 'admin'] })).status).not.toBe(204);
    }
    expect(admins).toEqual([]);
    // The sign-ins started after the change carry the new roles.
    for (const { http } of logins.slice(-LOGINS_AFTER)) {
      expect((await http.get<{ roles: string[] }>('/auth/me')).body.roles).toEqual(['user']);
    }
    expect(await observer.hget(`user:${demotedId}`, 'roles')).toBe('user');
  });
});
