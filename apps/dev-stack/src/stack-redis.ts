import { join } from 'node:path';
import Redis from 'ioredis';
import { RedisMode, repositoryRoot, startRedisDeployment, startRedisServer } from '@app/stack';

/** The Redis the stack uses: the variables that point the apps at it, and how to stop it. */
export interface StackRedis {
  /** `REDIS_URL`, or the Sentinel or cluster variables. */
  env: Record<string, string>;
  /** One line for the ready banner. */
  label: string;
  /** Whether the launcher started processes of its own (stopped with the stack). */
  private: boolean;
  stop(): Promise<void>;
}

/**
 * `redisUrl` when given (once it answers PING); otherwise, in `single` mode, a private
 * `redis-server` keeping its append-only file in the repository's git-ignored `.data/redis`, so
 * data outlives restarts; in `sentinel` or `cluster` mode, private processes of that mode whose
 * data ends with the stack. Rejects with a one-line message saying how to fix it.
 */
export async function startStackRedis(options: {
  redisMode: RedisMode;
  redisUrl?: string;
  redisPort?: number;
}): Promise<StackRedis> {
  if (options.redisMode !== 'single') {
    const deployment = await startRedisDeployment(options.redisMode, {
      extraArgs: ['--loglevel', 'warning'],
      forwardOutput: true,
    });
    return {
      env: deployment.env,
      label: `${deployment.description} (private, data ends with the stack)`,
      private: true,
      stop: () => deployment.stop(),
    };
  }
  if (options.redisUrl) {
    await assertAnswers(options.redisUrl);
    return {
      env: { REDIS_URL: options.redisUrl },
      label: `${options.redisUrl} (REDIS_URL)`,
      private: false,
      stop: async () => {},
    };
  }
  const server = await startRedisServer({
    port: options.redisPort,
    dir: join(repositoryRoot(), '.data', 'redis'),
    appendOnly: true,
    extraArgs: ['--loglevel', 'warning'],
    forwardOutput: true,
  });
  return {
    env: { REDIS_URL: server.url },
    label: `${server.url} (private redis-server, data in .data/redis)`,
    private: true,
    stop: () => server.stop(),
  };
}

async function assertAnswers(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The 'error' event has the cause (such as ECONNREFUSED); the rejection only says the connection closed.
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (cause ?? (error as Error)).message;
    throw new Error(
      `Redis at REDIS_URL=${url} does not answer (${reason}): start it, or unset REDIS_URL to run a private redis-server`,
    );
  } finally {
    if (client.status !== 'end') client.disconnect();
  }
}
