import { join } from 'node:path';
import Redis from 'ioredis';
import { RedisServer, repositoryRoot, startRedisServer } from '@app/stack';

/** The Redis the stack uses, and the private server behind it when the launcher started one. */
export interface StackRedis {
  url: string;
  server?: RedisServer;
}

/**
 * `redisUrl` when given (once it answers PING), otherwise a private `redis-server` keeping its
 * append-only file in the repository's git-ignored `.data/redis`, so data outlives restarts.
 * Rejects with a one-line message saying how to fix it.
 */
export async function startStackRedis(options: { redisUrl?: string; redisPort?: number }): Promise<StackRedis> {
  if (options.redisUrl) {
    await assertAnswers(options.redisUrl);
    return { url: options.redisUrl };
  }
  const server = await startRedisServer({
    port: options.redisPort,
    dir: join(repositoryRoot(), '.data', 'redis'),
    appendOnly: true,
    extraArgs: ['--loglevel', 'warning'],
    forwardOutput: true,
  });
  return { url: server.url, server };
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
