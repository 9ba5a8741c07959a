/**
 * A Redis node, a Sentinel or a cluster seed node.
 *
 * @publicApi
 */
export interface RedisNodeAddress {
  host: string;
  port: number;
}

/**
 * Redis with Sentinel: the client asks the sentinels where the master is, and asks again
 * whenever its connection drops or a sentinel announces a failover.
 *
 * @publicApi
 */
export interface RedisSentinelOptions {
  /** The sentinels; any one that answers is enough. */
  sentinels: RedisNodeAddress[];
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> ...`). */
  masterName: string;
  /** Password of the sentinels themselves (`requirepass` in their configuration). */
  sentinelPassword?: string;
  /** TLS to the sentinels. */
  sentinelTls?: boolean;
  /** ACL user and password of the master and replicas. */
  username?: string;
  password?: string;
  /** TLS to the master and replicas. */
  tls?: boolean;
}

/**
 * Redis Cluster: the client learns the slot map from any seed node and follows it.
 *
 * @publicApi
 */
export interface RedisClusterOptions {
  /** Seed nodes; one that answers is enough, the others are found from it. */
  nodes: RedisNodeAddress[];
  /** ACL user and password of every node. */
  username?: string;
  password?: string;
  /** TLS to every node (a managed service's cluster mode, as a rule). */
  tls?: boolean;
}

/**
 * Options of {@link RedisModule}: one of `url`, `sentinel` or `cluster`.
 *
 * @publicApi
 */
export interface RedisModuleOptions {
  /** A single Redis: `redis://[user:password@]host:port[/db]` or `rediss://...` for TLS. */
  url?: string;
  /** Redis with Sentinel instead of `url`. */
  sentinel?: RedisSentinelOptions;
  /** Redis Cluster instead of `url`. */
  cluster?: RedisClusterOptions;
  /** Shown by `CLIENT LIST`, so an operator can tell which replica holds a connection. */
  connectionName?: string;
  /**
   * Longest a command may wait for its reply, in milliseconds. It bounds how long a request
   * can hang on a slow or paused Redis. Default 1000.
   */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take before the client tries again, in milliseconds. Default 10000. */
  connectTimeoutMs?: number;
}
