import type { RedisModuleOptions, RedisNodeAddress, ReplicaWait } from '@app/redis';
import type { Environment } from './environment';

type RedisConnection = Pick<RedisModuleOptions, 'url' | 'sentinel' | 'cluster'>;

const REDIS_VARIABLES: readonly RedisVariable[] = [
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
  'REDIS_SENTINEL_PASSWORD',
  'REDIS_SENTINEL_TLS',
  'REDIS_CLUSTER_NODES',
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_TLS',
];
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const SENTINEL_ONLY = ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_SENTINEL_TLS'] as const;
const NODES_ONLY = ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'] as const;

/** `host:port`, `[ipv6]:port`; `null` when it is not one. */
function parseAddress(entry: string): RedisNodeAddress | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(entry);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

function addressProblem(name: string, entries: string[] | undefined): string[] {
  if (entries === undefined) return [];
  const bad = entries.filter((entry) => parseAddress(entry) === null);
  if (entries.length > 0 && bad.length === 0) return [];
  return [
    `${name} must be host:port,host:port,...${bad.length ? ` (not ${bad.map((b) => `"${b}"`).join(', ')})` : ''}`,
  ];
}

/**
 * What is wrong with the Redis variables taken together: one mode at a time (`REDIS_URL`,
 * `REDIS_SENTINELS` or `REDIS_CLUSTER_NODES`), addresses as `host:port`, and no variable that
 * the chosen mode would ignore.
 */
export function redisConfigurationProblems(env: Environment): string[] {
  const problems = [
    ...addressProblem('REDIS_SENTINELS', env.REDIS_SENTINELS),
    ...addressProblem('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES),
  ];
  const modes = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((name) => env[name]?.length);
  if (modes.length > 1) problems.push(`${modes.join(' and ')}: set only one of them`);
  const sentinel = !!env.REDIS_SENTINELS?.length;
  if (sentinel && !env.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master name the sentinels monitor)');
  }
  for (const name of SENTINEL_ONLY) {
    if (env[name] !== undefined && !sentinel) problems.push(`${name}: only used with REDIS_SENTINELS`);
  }
  for (const name of NODES_ONLY) {
    if (env[name] !== undefined && !sentinel && !env.REDIS_CLUSTER_NODES?.length) {
      problems.push(
        `${name}: only used with REDIS_SENTINELS or REDIS_CLUSTER_NODES (a single Redis takes it in REDIS_URL)`,
      );
    }
  }
  return problems;
}

type RedisVariable = Extract<keyof Environment, `REDIS_${string}`>;

/** The `RedisModule` connection options from the validated Redis variables. */
export function redisConnectionOf(read: <K extends RedisVariable>(name: K) => Environment[K]): RedisConnection {
  const env = Object.fromEntries(REDIS_VARIABLES.map((name) => [name, read(name)])) as Pick<Environment, RedisVariable>;
  const nodes = { username: env.REDIS_USERNAME, password: env.REDIS_PASSWORD, tls: env.REDIS_TLS === 'true' };
  const addresses = (entries: string[]): RedisNodeAddress[] => entries.map((entry) => parseAddress(entry)!);
  if (env.REDIS_SENTINELS?.length) {
    return {
      sentinel: {
        ...nodes,
        sentinels: addresses(env.REDIS_SENTINELS),
        masterName: env.REDIS_SENTINEL_NAME!,
        sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
        sentinelTls: env.REDIS_SENTINEL_TLS === 'true',
      },
    };
  }
  if (env.REDIS_CLUSTER_NODES?.length) return { cluster: { ...nodes, nodes: addresses(env.REDIS_CLUSTER_NODES) } };
  return { url: env.REDIS_URL ?? DEFAULT_REDIS_URL };
}

/**
 * What sign-ins, sign-outs and revocations wait for behind Sentinel or a cluster: one replica,
 * at most half a second (a replica on the same network answers within a millisecond; the
 * timeout is only reached when no replica is in sync). None for a single Redis.
 */
export function replicaWaitOf(connection: RedisConnection): ReplicaWait | null {
  return connection.url === undefined ? { replicas: 1, timeoutMs: 500 } : null;
}
