import type { LoggerService } from '@nestjs/common';
import Redis from 'ioredis';
import { failFastNodeOptions, logOutagesOnce, reconnectDelay } from './fail-fast.options';
import type { RedisModuleOptions, RedisSentinelOptions } from './redis-module-options.interface';

/**
 * A client of the master behind Sentinel, failing as fast as the single client. When the
 * master dies, commands fail at once (no offline queue) while the client asks the sentinels for
 * the master again on every reconnect attempt; the failover detector makes it reconnect the
 * moment a sentinel announces a new master, and a `READONLY` reply (a connection still on a
 * demoted master) makes it reconnect too.
 */
export function createSentinelClient(
  sentinel: RedisSentinelOptions,
  options: RedisModuleOptions,
  logger: LoggerService,
): Redis {
  const nodeOptions = failFastNodeOptions(options);
  const client = new Redis({
    ...nodeOptions,
    sentinels: sentinel.sentinels,
    name: sentinel.masterName,
    role: 'master',
    sentinelPassword: sentinel.sentinelPassword,
    sentinelTLS: sentinel.sentinelTls ? {} : undefined,
    sentinelCommandTimeout: nodeOptions.commandTimeout,
    sentinelRetryStrategy: reconnectDelay,
    failoverDetector: true,
    username: sentinel.username,
    password: sentinel.password,
    tls: sentinel.tls ? {} : undefined,
    enableTLSForSentinelMode: sentinel.tls ?? false,
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  });
  logOutagesOnce(
    client,
    logger,
    () => `connected to master ${sentinel.masterName} at ${client.stream.remoteAddress}:${client.stream.remotePort}`,
  );
  return client;
}
