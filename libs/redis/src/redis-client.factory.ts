import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createClusterClient } from './cluster-client.factory';
import { failFastNodeOptions, logOutagesOnce, reconnectDelay } from './fail-fast.options';
import { RedisClient } from './redis-client.type';
import { RedisModuleOptions } from './redis-module-options.interface';
import { createSentinelClient } from './sentinel-client.factory';

/**
 * Creates a client that fails fast instead of queueing: while Redis is unreachable a command is
 * rejected at once (no offline queue), a command that gets no reply is rejected after the
 * command timeout, and the client keeps reconnecting in the background so the app recovers
 * by itself when Redis is back. A `Redis` for `url` or `sentinel`, a `Cluster` for `cluster`.
 */
export function createRedisClient(options: RedisModuleOptions & { cluster?: undefined }, logger?: Logger): Redis;
export function createRedisClient(options: RedisModuleOptions, logger?: Logger): RedisClient;
export function createRedisClient(options: RedisModuleOptions, logger = new Logger('Redis')): RedisClient {
  const modes = [options.url, options.sentinel, options.cluster].filter((mode) => mode !== undefined);
  if (modes.length !== 1) throw new Error('RedisModule: give exactly one of url, sentinel and cluster');
  if (options.sentinel) return createSentinelClient(options.sentinel, options, logger);
  if (options.cluster) return createClusterClient(options.cluster, options, logger);

  const client = new Redis(options.url!, {
    ...failFastNodeOptions(options),
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
  });
  logOutagesOnce(client, logger, () => `connected to ${client.options.host}:${client.options.port}`);
  return client;
}
