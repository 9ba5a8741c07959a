import type { LoggerService } from '@nestjs/common';
import Redis from 'ioredis';
import { failFastNodeOptions, logOutagesOnce, reconnectDelay } from './fail-fast.options';
import type { RedisModuleOptions, RedisSentinelOptions } from './redis-module-options.interface';

/**
 * A client of the master behind Sentinel, failing as fast as the single client. When the
 * master dies, commands fail at once (no offline queue) while the client asks the sentinels for
 * the master again on every reconnect attempt. A master demoted alive loses its clients too
 * (Sentinel sends it `CLIENT KILL TYPE normal` when it reconfigures it), and a `READONLY` reply
 * (a write that reached it first) makes the client reconnect as well.
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
    // Off: when a sentinel announces the new master while the client, having lost the old
    // one, is asking a sentinel where the master is, ioredis 6's detector ends the client for
    // good (status "end", no more reconnects): an app answering 503 until restarted. The
    // reconnect loop above finds the new master within a reconnect delay without it.
    failoverDetector: false,
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
