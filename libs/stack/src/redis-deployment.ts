import Redis, { Cluster } from 'ioredis';
import { RedisClusterServers, startRedisClusterServers } from './redis-cluster.servers';
import { RedisSentinelServers, startRedisSentinelServers } from './redis-sentinel.servers';
import { RedisServer, startRedisServer } from './redis-server.process';

/** @publicApi */
export type RedisMode = 'single' | 'sentinel' | 'cluster';

/** @publicApi */
export const REDIS_MODES: readonly RedisMode[] = ['single', 'sentinel', 'cluster'];

/** @publicApi */
export interface RedisDeploymentOptions {
  /** Turns on the append-only file of every data node. */
  appendOnly?: boolean;
  /** More `redis-server` arguments for every data node. */
  extraArgs?: string[];
  /** Forwards every process's output. */
  forwardOutput?: boolean;
}

/**
 * Private Redis processes in one of the three modes, and the variables that point an app at
 * them, so one test or one `npm start` can run against any of them.
 *
 * @publicApi
 */
export interface RedisDeployment {
  readonly mode: RedisMode;
  /** `REDIS_URL`, or `REDIS_SENTINELS` and `REDIS_SENTINEL_NAME`, or `REDIS_CLUSTER_NODES`. */
  readonly env: Record<string, string>;
  /** What the apps reach: the single server's URL, the sentinels' or the seed nodes' addresses. */
  readonly description: string;
  /** Set in `single` mode. */
  readonly server?: RedisServer;
  /** Set in `sentinel` mode. */
  readonly sentinel?: RedisSentinelServers;
  /** Set in `cluster` mode. */
  readonly cluster?: RedisClusterServers;
  /** A client of its own, to read what the apps stored (the caller disconnects it). */
  connect(): Redis | Cluster;
  /** Stops every process. */
  stop(): Promise<void>;
}

/**
 * Starts a single `redis-server`, a Sentinel set (1 master, 2 replicas, 3 sentinels) or a
 * cluster (3 masters, 3 replicas), on free loopback ports.
 *
 * @publicApi
 */
export async function startRedisDeployment(
  mode: RedisMode,
  options: RedisDeploymentOptions = {},
): Promise<RedisDeployment> {
  if (mode === 'sentinel') {
    const sentinel = await startRedisSentinelServers(options);
    return {
      mode,
      env: sentinel.env,
      description: `Sentinel ${sentinel.env.REDIS_SENTINELS} (master ${sentinel.masterName})`,
      sentinel,
      connect: () => sentinel.connect(),
      stop: () => sentinel.stop(),
    };
  }
  if (mode === 'cluster') {
    const cluster = await startRedisClusterServers(options);
    return {
      mode,
      env: cluster.env,
      description: `Cluster ${cluster.env.REDIS_CLUSTER_NODES}`,
      cluster,
      connect: () => cluster.connect(),
      stop: () => cluster.stop(),
    };
  }
  const server = await startRedisServer(options);
  return {
    mode,
    env: { REDIS_URL: server.url },
    description: server.url,
    server,
    connect: () => new Redis(server.url),
    stop: () => server.stop(),
  };
}
