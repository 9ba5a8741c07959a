import type { EventEmitter } from 'node:events';
import type { LoggerService } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import type { RedisModuleOptions } from './redis-module-options.interface';

const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
// Longer than a command's: a replica booting on a busy machine blocks its event loop for seconds,
// and a connect timer due meanwhile would fire before the connection's own event is seen.
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const MAX_RECONNECT_DELAY_MS = 1000;

/** Delay before reconnect attempt `attempt`: quick at first, then once a second, forever. */
export const reconnectDelay = (attempt: number): number => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS);

/**
 * What every connection to a Redis node gets, whatever the mode: a command that gets no reply
 * is rejected after the command timeout, and a failed command is not retried (the request
 * answers 503 instead of waiting).
 */
export function failFastNodeOptions(options: RedisModuleOptions) {
  const timeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  return {
    connectionName: options.connectionName,
    commandTimeout: timeout,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    // No auto-pipelining: it holds each batch until the previous one is answered, so while
    // Redis stalls, a command would wait up to a timeout before its own timeout even starts.
    enableAutoPipelining: false,
  } satisfies RedisOptions;
}

/**
 * Logs each outage once (the reconnect loop would otherwise print an error every attempt), and
 * each recovery. `errorEvents` are the events that carry a connection's errors.
 */
export function logOutagesOnce(
  client: EventEmitter,
  logger: LoggerService,
  describeReady: () => string,
  errorEvents: readonly string[] = ['error'],
): void {
  let outageLogged = false;
  client.on('ready', () => {
    outageLogged = false;
    logger.log(describeReady());
  });
  for (const event of errorEvents) {
    client.on(event, (error: Error) => {
      if (outageLogged) return;
      outageLogged = true;
      logger.error(`unavailable: ${error.message}`);
    });
  }
}
