import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { appEntryFile, repositoryRoot, ROUTE_TABLE, Stack } from '@app/stack';
import { runAuthCli } from './support/auth-cli';
import { HttpClient } from './support/http-client';
import { startTestStack, TestStack } from './support/test-stack';

const password = 'correct horse battery';

describe('admins come from the operator, never from registration (auth replicas, real Redis)', () => {
  let running: TestStack | undefined;
  let stack: Stack;
  let counter = 0;

  const client = (): HttpClient => new HttpClient(stack.gatewayUrl);
  const uniqueEmail = (): string => `operator${++counter}-${process.pid}@example.com`;
  const cli = (...args: string[]) =>
    runAuthCli(args, { REDIS_URL: running!.redis.url, SESSION_SECRETS: stack.sessionSecrets });

  async function registerAndSignIn(email = uniqueEmail()): Promise<{ http: HttpClient; id: string }> {
    const http = client();
    const registered = await http.post<{ id: string }>('/auth/register', { email, password });
    expect(registered.status).toBe(201);
    expect((await http.post('/auth/login', { email, password })).status).toBe(200);
    return { http, id: registered.body.id };
  }

  beforeAll(async () => {
    running = await startTestStack({
      replicas: 2,
      apps: ROUTE_TABLE.filter((route) => route.app === 'auth'),
      readyTimeoutMs: 60_000,
      env: { REGISTER_MAX_PER_WINDOW: '1000' },
    });
    ({ stack } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('grants admin with `cli.js grant-role`: the account is not admin before, its sessions end, its next sign-in is', async () => {
    const email = uniqueEmail();
    const { http: before } = await registerAndSignIn(email);
    expect((await before.get('/auth/me')).body).toMatchObject({ roles: ['user'] });
    const { id: otherId } = await registerAndSignIn();
    expect((await before.put(`/auth/users/${otherId}/roles`, { roles: ['user', 'admin'] })).status).toBe(403);

    // Typed as the operator may: the email is normalised as registration does.
    const granted = await cli('grant-role', email.toUpperCase(), 'admin');
    expect(granted).toMatchObject({ code: 0, stderr: '' });
    expect(granted.stdout).toMatch(/granted admin; roles are now user, admin; its sessions ended/);

    expect((await before.get('/auth/me')).status).toBe(401);
    const admin = client();
    expect((await admin.post('/auth/login', { email, password })).status).toBe(200);
    expect((await admin.get('/auth/me')).body).toMatchObject({ roles: ['user', 'admin'] });
    expect((await admin.put(`/auth/users/${otherId}/roles`, { roles: ['user', 'admin'] })).status).toBe(204);

    const again = await cli('grant-role', email, 'admin');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
    const revoked = await cli('revoke-role', email, 'admin');
    expect(revoked.code).toBe(0);
    expect((await admin.get('/auth/me')).status).toBe(401);
  });

  it('refuses an unknown account, an unknown role and a wrong command, and changes nothing', async () => {
    const unknown = await cli('grant-role', 'nobody@example.com', 'admin');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account has the email nobody@example.com');

    const email = uniqueEmail();
    const { http } = await registerAndSignIn(email);
    for (const args of [['grant-role', email, 'root'], ['grant-role', email], ['make-admin', email, 'admin'], []]) {
      const refused = await cli(...args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('Usage: node cli.js grant-role <email> <role>');
    }
    expect((await http.get('/auth/me')).body).toMatchObject({ roles: ['user'] });
  });

  it('refuses to start with ADMIN_EMAILS set, naming the command that replaces it', () => {
    const result = spawnSync(process.execPath, [join(repositoryRoot(), appEntryFile('auth'))], {
      env: { ...process.env, ADMIN_EMAILS: 'ann@example.com', PORT: '0', REDIS_URL: running!.redis.url },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ADMIN_EMAILS: no longer read, registration never grants admin');
    expect(result.stderr).toContain('grant-role <email> admin');
  });
});
