import Redis from 'ioredis';
import {
  RedisServer,
  RedisServerOptions,
  ROUTE_TABLE,
  Stack,
  StackOptions,
  startRedisServer,
  startStack,
} from '@app/stack';

/**
 * The apps the shipped suites exercise. An app added with `npm run new:app` has its own e2e file;
 * the suites do not start it, so they do not depend on which other apps exist.
 */
export const SHIPPED_APPS = ROUTE_TABLE.filter(({ app }) => ['auth', 'profile', 'cart', 'web'].includes(app));

/** What an e2e suite runs against: its own redis-server, the stack on it, and a client of its own. */
export interface TestStack {
  readonly redis: RedisServer;
  /** The suite's own connection, to read what the apps stored. */
  readonly observer: Redis;
  readonly stack: Stack;
  /** Stops the stack, the observer and the redis-server. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free loopback port and the stack on it (by default of
 * {@link SHIPPED_APPS}). When the stack does not
 * start, the redis-server is stopped before the promise rejects, so nothing is left running.
 */
export async function startTestStack(
  options: Omit<StackOptions, 'redisUrl'> & { redis?: RedisServerOptions } = {},
): Promise<TestStack> {
  const { redis: redisOptions, ...stackOptions } = options;
  const redis = await startRedisServer(redisOptions);
  let stack: Stack;
  try {
    stack = await startStack({ apps: SHIPPED_APPS, ...stackOptions, redisUrl: redis.url });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const observer = new Redis(redis.url);
  return {
    redis,
    observer,
    stack,
    async stop() {
      observer.disconnect();
      await stack.stop();
      await redis.stop();
    },
  };
}
