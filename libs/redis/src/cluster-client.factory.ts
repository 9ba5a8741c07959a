import type { LoggerService } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { failFastNodeOptions, logOutagesOnce, reconnectDelay } from './fail-fast.options';
import type { RedisClusterOptions, RedisModuleOptions } from './redis-module-options.interface';

// A command that meets a failover (a closed connection, CLUSTERDOWN, TRYAGAIN) is retried this
// often, 100 ms apart, before it fails: the whole retry stays near the command timeout.
const REDIRECTIONS = 8;
const RETRY_DELAY_MS = 100;

/**
 * A Redis Cluster client failing as fast as the single client: no offline queue, the command
 * timeout on every node, and reconnecting (to the seed nodes, for a new slot map) forever.
 */
export function createClusterClient(
  cluster: RedisClusterOptions,
  options: RedisModuleOptions,
  logger: LoggerService,
): Cluster {
  const nodeOptions = failFastNodeOptions(options);
  const client = new Cluster(cluster.nodes, {
    redisOptions: {
      ...nodeOptions,
      username: cluster.username,
      password: cluster.password,
      tls: cluster.tls ? {} : undefined,
    },
    // Certificates name the host names the nodes announce: with TLS, connect to those names
    // rather than to addresses resolved here.
    dnsLookup: cluster.tls ? (address, callback) => callback(null, address) : undefined,
    enableOfflineQueue: false,
    enableAutoPipelining: false,
    clusterRetryStrategy: reconnectDelay,
    maxRedirections: REDIRECTIONS,
    retryDelayOnFailover: RETRY_DELAY_MS,
    retryDelayOnClusterDown: RETRY_DELAY_MS,
    retryDelayOnTryAgain: RETRY_DELAY_MS,
    slotsRefreshTimeout: nodeOptions.commandTimeout,
  });
  logOutagesOnce(client, logger, () => `connected to a cluster of ${client.nodes('master').length} masters`, [
    'error',
    'node error',
  ]);
  return client;
}
