import Redis, { Cluster } from 'ioredis';
import {
  REDIS_MODES,
  RedisDeployment,
  RedisDeploymentOptions,
  RedisMode,
  RedisServer,
  ROUTE_TABLE,
  Stack,
  StackOptions,
  startRedisDeployment,
  startStack,
} from '@app/stack';

/**
 * The apps the shipped suites exercise. An app added with `npm run new:app` has its own e2e file;
 * the suites do not start it, so they do not depend on which other apps exist.
 */
export const SHIPPED_APPS = ROUTE_TABLE.filter(({ app }) => ['auth', 'profile', 'cart', 'web'].includes(app));

/**
 * The Redis the suites run against: `TEST_REDIS_MODE=single|sentinel|cluster`, single by default
 * (`npm run test:redis-modes` runs the session and cart suites in the other two).
 */
export function testRedisMode(): RedisMode {
  const mode = process.env.TEST_REDIS_MODE || 'single';
  if (!REDIS_MODES.includes(mode as RedisMode)) {
    throw new Error(`TEST_REDIS_MODE must be one of ${REDIS_MODES.join(', ')}, got "${mode}"`);
  }
  return mode as RedisMode;
}

/** What an e2e suite runs against: its own Redis processes, the stack on them, and a client of its own. */
export interface TestStack {
  /** The Redis processes, in {@link testRedisMode}. */
  readonly deployment: RedisDeployment;
  /** The single redis-server, for suites that stop, restart or fill it: single mode only. */
  readonly redis: RedisServer;
  /** The suite's own connection, to read what the apps stored. */
  readonly observer: Redis | Cluster;
  readonly stack: Stack;
  /** Stops the stack, the observer and the Redis processes. */
  stop(): Promise<void>;
}

/**
 * Starts Redis in {@link testRedisMode} (or `redisMode`) on free loopback ports and the stack on it (by default
 * of {@link SHIPPED_APPS}). When the stack does not start, the Redis processes are stopped
 * before the promise rejects, so nothing is left running.
 */
export async function startTestStack(
  options: Omit<StackOptions, 'redisUrl' | 'redisEnv'> & {
    redis?: RedisDeploymentOptions;
    /** For a suite about one mode; default {@link testRedisMode}. */
    redisMode?: RedisMode;
  } = {},
): Promise<TestStack> {
  const { redis: redisOptions, redisMode, ...stackOptions } = options;
  const deployment = await startRedisDeployment(redisMode ?? testRedisMode(), redisOptions);
  let stack: Stack;
  try {
    stack = await startStack({ apps: SHIPPED_APPS, ...stackOptions, redisEnv: deployment.env });
  } catch (error) {
    await deployment.stop();
    throw error;
  }
  const observer = deployment.connect();
  return {
    deployment,
    get redis(): RedisServer {
      if (!deployment.server) {
        throw new Error(`this suite needs a single redis-server; TEST_REDIS_MODE is ${deployment.mode}`);
      }
      return deployment.server;
    },
    observer,
    stack,
    async stop() {
      observer.disconnect();
      await stack.stop();
      await deployment.stop();
    },
  };
}
