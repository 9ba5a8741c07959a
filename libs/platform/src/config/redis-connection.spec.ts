import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from './environment';
import { redisConnectionOf } from './redis-connection';

const secret = 's'.repeat(40);
const connectionOf = (variables: Record<string, string>) => {
  const env = validateEnvironment({ SESSION_SECRETS: secret, ...variables });
  return redisConnectionOf((name) => env[name]);
};
const problemsOf = (variables: Record<string, string>): string => {
  try {
    validateEnvironment({ SESSION_SECRETS: secret, ...variables });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the environment was accepted');
};

describe('Redis variables', () => {
  it('connects to REDIS_URL by default', () => {
    expect(connectionOf({})).toEqual({ url: 'redis://127.0.0.1:6379' });
  });

  it('reads a Sentinel set', () => {
    expect(
      connectionOf({
        REDIS_SENTINELS: 'sentinel-1:26379, 10.0.0.2:26380,[::1]:26381',
        REDIS_SENTINEL_NAME: 'sessions',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
        REDIS_SENTINEL_TLS: 'true',
        REDIS_PASSWORD: 'node-secret',
      }),
    ).toEqual({
      sentinel: {
        sentinels: [
          { host: 'sentinel-1', port: 26379 },
          { host: '10.0.0.2', port: 26380 },
          { host: '::1', port: 26381 },
        ],
        masterName: 'sessions',
        sentinelPassword: 'sentinel-secret',
        sentinelTls: true,
        username: undefined,
        password: 'node-secret',
        tls: false,
      },
    });
  });

  it('reads cluster seed nodes, with the password from a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), 'redis_password');
    writeFileSync(file, 'from-a-file\n');
    expect(
      connectionOf({ REDIS_CLUSTER_NODES: 'node-1:6379,node-2:6379', REDIS_PASSWORD_FILE: file, REDIS_TLS: 'true' }),
    ).toEqual({
      cluster: {
        nodes: [
          { host: 'node-1', port: 6379 },
          { host: 'node-2', port: 6379 },
        ],
        username: undefined,
        password: 'from-a-file',
        tls: true,
      },
    });
  });

  it.each([
    [{ REDIS_SENTINELS: 'sentinel-1' }, 'REDIS_SENTINELS must be host:port,host:port,... (not "sentinel-1")'],
    [
      { REDIS_CLUSTER_NODES: 'node-1:99999,node-2:6379' },
      'REDIS_CLUSTER_NODES must be host:port,host:port,... (not "node-1:99999")',
    ],
    [{ REDIS_SENTINELS: 'a:1' }, 'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS'],
    [
      { REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'b:2' },
      'REDIS_SENTINELS and REDIS_CLUSTER_NODES: set only one of them',
    ],
    [
      { REDIS_URL: 'redis://x:1', REDIS_CLUSTER_NODES: 'b:2' },
      'REDIS_URL and REDIS_CLUSTER_NODES: set only one of them',
    ],
    [{ REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINEL_NAME: only used with REDIS_SENTINELS'],
    [{ REDIS_PASSWORD: 'p' }, 'REDIS_PASSWORD: only used with REDIS_SENTINELS or REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'b:2', REDIS_TLS: 'yes' }, 'REDIS_TLS must be one of the following values: true, false'],
  ])('names the bad variable: %j', (variables, message) => {
    expect(problemsOf(variables)).toContain(`  - ${message}`);
  });

  it('names an unreadable REDIS_SENTINEL_PASSWORD_FILE', () => {
    expect(problemsOf({ REDIS_SENTINEL_PASSWORD_FILE: '/nonexistent/password' })).toMatch(
      /REDIS_SENTINEL_PASSWORD_FILE: cannot read \/nonexistent\/password/,
    );
  });
});
