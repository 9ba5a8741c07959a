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
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
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
});
