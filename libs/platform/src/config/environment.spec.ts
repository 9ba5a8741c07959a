import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, validateEnvironment } from './environment';

const secret = 's'.repeat(40);

describe('validateEnvironment', () => {
  it('converts values and applies defaults', () => {
    const env = validateEnvironment({ PORT: '3001', SESSION_SECRETS: `${secret}, ${'t'.repeat(32)}` });
    expect(env.PORT).toBe(3001);
    expect(env.SESSION_SECRETS).toEqual([secret, 't'.repeat(32)]);
    expect(env.SESSION_COOKIE_NAME).toBe('sid');
  });

  it('names every invalid variable at once', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', REDIS_URL: 'localhost', SESSION_SECRETS: 'short' })).toThrow(
      new EnvironmentError(
        [
          'Invalid environment:',
          '  - PORT must be an integer number',
          '  - REDIS_URL must look like redis://host:port',
          '  - SESSION_SECRETS: each secret must be at least 32 characters',
        ].join('\n'),
      ),
    );
  });

  it('refuses to start in production without SESSION_SECRETS', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRETS: required in production/);
  });

  it('uses one secret per process outside production (the development secret of .data/)', () => {
    const first = validateEnvironment({});
    const second = validateEnvironment({});
    expect(first.SESSION_SECRETS).toHaveLength(1);
    expect(first.SESSION_SECRETS![0].length).toBeGreaterThanOrEqual(32);
    expect(second.SESSION_SECRETS).toEqual(first.SESSION_SECRETS);
  });

  it('reads secrets from NAME_FILE (Docker secrets)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), 'session_secrets');
    writeFileSync(file, `${secret}\n`);
    expect(validateEnvironment({ SESSION_SECRETS_FILE: file }).SESSION_SECRETS).toEqual([secret]);
  });

  it('names an unreadable secret file', () => {
    expect(() => validateEnvironment({ SESSION_SECRETS_FILE: '/nonexistent/secret' })).toThrow(
      /SESSION_SECRETS_FILE: cannot read \/nonexistent\/secret/,
    );
  });

  it('trusts forwarded headers from loopback only by default', () => {
    expect(validateEnvironment({}).TRUST_PROXY).toBe('loopback');
  });

  it('refuses a per-account or per-client login limit below the per-address one', () => {
    expect(() => validateEnvironment({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' })).toThrow(
      /LOGIN_MAX_FAILURES_PER_ACCOUNT: must be at least LOGIN_MAX_FAILURES/,
    );
    expect(() => validateEnvironment({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_CLIENT: '5' })).toThrow(
      /LOGIN_MAX_FAILURES_PER_CLIENT: must be at least LOGIN_MAX_FAILURES/,
    );
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(validateEnvironment({}).REQUEST_TIMEOUT_SECONDS).toBe(30);
    expect(() => validateEnvironment({ HEADERS_TIMEOUT_SECONDS: '20', REQUEST_TIMEOUT_SECONDS: '5' })).toThrow(
      /HEADERS_TIMEOUT_SECONDS: must be at most REQUEST_TIMEOUT_SECONDS/,
    );
  });

  it('refuses ADMIN_EMAILS, which registration no longer reads, naming the command that replaces it', () => {
    expect(() => validateEnvironment({ ADMIN_EMAILS: 'ann@example.com' })).toThrow(
      /ADMIN_EMAILS: .*grant-role <email> admin/,
    );
  });
});
