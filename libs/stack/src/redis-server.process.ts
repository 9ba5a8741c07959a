import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasExited, spawnChild, stopChild } from './child-process';
import { freePort } from './free-port';
import { OutputTail } from './output-tail';
import { pollUntil } from './poll-until';
import { askRedis } from './ask-redis';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** @publicApi */
export interface RedisServerOptions {
  /** Default: a free loopback port (never 6379 unless asked for). */
  port?: number;
  /** Data directory, created if missing. Default: a fresh temporary directory. */
  dir?: string;
  /** Turns on the append-only file (fsync every second), so data survives a restart. */
  appendOnly?: boolean;
  /** More `redis-server` arguments, e.g. `['--maxmemory', '10mb']`. */
  extraArgs?: string[];
  /** Forwards the server's output to this process behind a `[redis]` prefix. */
  forwardOutput?: boolean;
  /** The prefix of forwarded output. Default: `redis`. */
  label?: string;
  /**
   * Runs a Sentinel (`redis-server sentinel.conf --sentinel`) with this configuration instead of
   * a data node; `appendOnly` and the data node settings do not apply.
   */
  sentinelConfig?: string;
}

/**
 * A private `redis-server` child process on the loopback interface.
 *
 * @publicApi
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The running process; a new one after {@link RedisServer.restart}. */
  readonly process: ChildProcess;
  /** SIGTERM (Redis shuts down cleanly), SIGKILL if it has not exited after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL: an outage as sudden as a crash. */
  kill(): Promise<void>;
  /** Stops the server, then starts it again on the same port and directory. */
  restart(): Promise<void>;
}

class RedisServerProcess implements RedisServer {
  readonly url: string;
  private child: ChildProcess;

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly args: readonly string[],
    private readonly forwardOutput: boolean,
    private readonly label: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  get process(): ChildProcess {
    return this.child;
  }

  async start(): Promise<void> {
    const child = spawnChild('redis-server', this.args, { cwd: this.dir });
    this.child = child;
    const output = new OutputTail(child, { label: this.label, forward: this.forwardOutput });
    try {
      await once(child, 'spawn');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          'redis-server is not on PATH: install it (apt-get install redis-server) or set REDIS_URL to a running Redis',
        );
      }
      throw new Error(`Cannot start redis-server: ${(error as Error).message}`);
    }

    const result = await pollUntil(() => this.answersAs(child), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 50,
      abandon: () => hasExited(child),
    });
    if (result === 'ready') return;
    await stopChild(child, 'SIGKILL', 0);
    const why =
      result === 'timeout'
        ? `did not answer within ${READY_TIMEOUT_MS / 1000} s`
        : `exited (${child.exitCode ?? child.signalCode})`;
    throw new Error(`redis-server on port ${this.port} ${why}:\n${output}`);
  }

  stop(): Promise<void> {
    return stopChild(this.child, 'SIGTERM', STOP_TIMEOUT_MS);
  }

  kill(): Promise<void> {
    return stopChild(this.child, 'SIGKILL', 0);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Whether the server on the port answers, and is this child (not a server that had the port first). */
  private answersAs(child: ChildProcess): Promise<boolean> {
    return askRedis(this.port, async (client) => (await client.info('server')).includes(`\nprocess_id:${child.pid}\r`));
  }
}

/** A data node's settings: no RDB snapshots, compact session hashes, the append-only file if asked. */
const dataNodeArgs = (appendOnly: boolean): string[] => [
  '--save',
  '',
  '--hash-max-listpack-value',
  '512',
  ...(appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no']),
];

/**
 * Starts `redis-server` from PATH bound to 127.0.0.1, without RDB snapshots (`--save ''`),
 * configured as the Swarm stack's Redis for sessions (`--hash-max-listpack-value 512`, see
 * `libs/session/README.md`), and resolves once it answers. Rejects with a one-line hint when `redis-server` is not
 * installed, or with the server's last output when it exits or does not answer within 10 s.
 *
 * @publicApi
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ? resolve(options.dir) : mkdtempSync(join(tmpdir(), 'redis-'));
  mkdirSync(dir, { recursive: true });
  if (options.sentinelConfig !== undefined) writeFileSync(join(dir, 'sentinel.conf'), options.sentinelConfig);
  // A sentinel takes its configuration file first, and no data node settings.
  const mode = options.sentinelConfig !== undefined ? ['sentinel.conf', '--sentinel'] : [];
  const dataNode = options.sentinelConfig !== undefined ? [] : dataNodeArgs(options.appendOnly ?? false);
  const args = [
    ...mode,
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    dir,
    ...dataNode,
    ...(options.extraArgs ?? []),
  ];
  const server = new RedisServerProcess(port, dir, args, options.forwardOutput ?? false, options.label ?? 'redis');
  await server.start();
  return server;
}
