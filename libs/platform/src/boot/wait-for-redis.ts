import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { redisAddressOf, untilRedisReady } from '@app/redis';

/**
 * How long an app waits for Redis before it listens anyway. A replica that took traffic before
 * its first connection would answer every session route 503 (the proxy sends it requests as soon
 * as it listens); without Redis at all it still listens, so its readiness check can say why.
 */
export const REDIS_BOOT_WAIT_MS = 10_000;

/**
 * Waits, up to {@link REDIS_BOOT_WAIT_MS}, for the first Redis connection. The first failure
 * is logged at once with what to do about it; the client keeps trying meanwhile and after.
 */
export async function waitForRedis(client: Redis, development: boolean, logger = new Logger('Redis')): Promise<void> {
  const address = redisAddressOf(client);
  const explain = (error: Error): void => {
    const remedy = development
      ? 'Run the whole stack with `npm start` (it starts its own redis-server), start one with `redis-server`, or set REDIS_URL to yours.'
      : 'Check REDIS_URL and that Redis runs and accepts this host.';
    logger.error(`Redis at ${address} cannot be reached (${error.message}). ${remedy} Retrying.`);
  };
  client.once('error', explain);
  const ready = await untilRedisReady(client, REDIS_BOOT_WAIT_MS);
  client.off('error', explain);
  if (!ready) {
    logger.warn(
      `No Redis at ${address} after ${REDIS_BOOT_WAIT_MS / 1000} s: listening anyway; readiness and every session route answer 503 until it is reachable`,
    );
  }
}
