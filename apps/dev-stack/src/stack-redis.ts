import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const dir = join(repositoryRoot(), '.data', 'redis');
  const release = claimDataDirectory(dir);
  try {
    const server = await startRedisServer({
      port: options.redisPort,
      dir,
      appendOnly: true,
      extraArgs: ['--loglevel', 'warning', '--pidfile', join(dir, REDIS_PID_FILE)],
      forwardOutput: true,
    });
    return {
      env: { REDIS_URL: server.url },
      label: `${server.url} (private redis-server, data in .data/redis)`,
      private: true,
      stop: async () => {
        await server.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

const LOCK_FILE = 'stack.lock';
const REDIS_PID_FILE = 'redis.pid';

/**
 * Claims `.data/redis` for this launcher (a lock file holding its pid), or says who has it: a
 * second redis-server on the same append-only file, from another `npm start` or left running by
 * one that was killed, would drop what the other wrote at its next rewrite of the file. Returns
 * how to let it go.
 */
function claimDataDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const launcher = pidIn(lock);
    if (isRunning(launcher, 'dev-stack')) {
      throw new Error(
        `Another npm start (pid ${launcher}) runs the private redis-server on .data/redis: stop it, or give this one REDIS_URL=<its Redis>`,
      );
    }
    const server = pidIn(join(dir, REDIS_PID_FILE));
    if (isRunning(server, 'redis-server')) {
      throw new Error(
        `A redis-server (pid ${server}) left running by an npm start that was killed still uses .data/redis: stop it (kill ${server}), and any replica it left, then start again`,
      );
    }
    // Left by a launcher that was killed, whose redis-server is gone too.
    rmSync(lock, { force: true });
  }
}

function pidIn(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Whether process `pid` runs (and, where /proc tells, runs `command`). */
function isRunning(pid: number | undefined, command?: string): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!command) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(command);
  } catch {
    return true;
  }
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
