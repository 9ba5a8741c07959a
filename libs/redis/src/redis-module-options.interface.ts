/**
 * Options of {@link RedisModule}.
 *
 * @publicApi
 */
export interface RedisModuleOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` for TLS. */
  url: string;
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
