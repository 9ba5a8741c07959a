import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisModuleOptions } from './redis-module-options.interface';

const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
// Longer than a command's: a replica booting on a busy machine blocks its event loop for seconds,
// and a connect timer due meanwhile would fire before the connection's own event is seen.
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Creates a client that fails fast instead of queueing: while Redis is unreachable a command is
 * rejected at once (no offline queue), a command that gets no reply is rejected after the
 * command timeout, and the client keeps reconnecting in the background so the app recovers
 * by itself when Redis is back.
 */
export function createRedisClient(options: RedisModuleOptions, logger = new Logger('Redis')): Redis {
  const client = new Redis(options.url, {
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    // No auto-pipelining: it holds each batch until the previous one is answered, so while
    // Redis stalls, a command would wait up to a timeout before its own timeout even starts.
    enableAutoPipelining: false,
  });

  // Logged once per outage: the reconnect loop would otherwise print an error every attempt.
  let outageLogged = false;
  client.on('ready', () => {
    outageLogged = false;
    logger.log(`connected to ${client.options.host}:${client.options.port}`);
  });
  client.on('error', (error: Error) => {
    if (outageLogged) return;
    outageLogged = true;
    logger.error(`unavailable: ${error.message}`);
  });
  return client;
}
