import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  appEntryFile,
  freePort,
  hasExited,
  pollUntil,
  readyTimeoutFor,
  repositoryRoot,
  ROUTE_TABLE,
  spawnChild,
  stopChild,
} from '@app/stack';

const STOP_TIMEOUT_MS = 8_000;

/**
 * One replica of a built app, started alone with every line of its output kept, for tests
 * that read what an app logs (the stack keeps only the last lines of each replica).
 */
export interface AppProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every line written so far to stdout and stderr, in order. */
  readonly lines: string[];
  /** SIGTERM, SIGKILL after 8 s; resolves once the process has exited. Safe to call again. */
  stop(): Promise<void>;
}

/** How to start the app, and when it counts as started. */
export interface AppLaunch {
  /**
   * `listening`: it answers HTTP at all, with or without Redis (its liveness check fails until
   * it has been ready once). Default `ready`: its readiness check answers 200.
   */
  until?: 'ready' | 'listening';
  /** What `node` runs (a test's own app). Default: the built app, `dist/apps/<app>/main.js`. */
  nodeArguments?: string[];
  /** Default: as long as the stack gives a replica; more for an app compiled as it starts. */
  readyTimeoutMs?: number;
}

/**
 * Starts `dist/apps/<app>` (build it first), or what `launch` says, on a free loopback port with
 * `env` added to this process's environment, and resolves once it answers 200 on
 * `/<app>/health/ready` (or `/<app>/health/live`). When it does not, the process is killed and
 * the promise rejects with its output.
 */
export async function startAppProcess(
  app: string,
  env: Record<string, string>,
  {
    until = 'ready',
    nodeArguments = [join(repositoryRoot(), appEntryFile(app))],
    // Suites start up to one process per app at once.
    readyTimeoutMs = readyTimeoutFor(ROUTE_TABLE.length),
  }: AppLaunch = {},
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawnChild(process.execPath, nodeArguments, {
    cwd: repositoryRoot(),
    env: { ...process.env, NODE_ENV: 'development', REPLICA_NAME: '1', ...env, HOST: '127.0.0.1', PORT: String(port) },
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line: string) => lines.push(line));
  }
  const stop = (): Promise<void> => stopChild(child, 'SIGTERM', STOP_TIMEOUT_MS);
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = readyTimeoutMs;
  const check = until === 'ready' ? `/${app}/health/ready` : `/${app}/health/live`;
  const ready = await pollUntil(() => answers(url + check, until === 'ready' ? 200 : undefined), {
    timeoutMs,
    intervalMs: 100,
    abandon: () => hasExited(child),
  });
  if (ready !== 'ready') {
    await stop();
    const why =
      ready === 'timeout' ? `within ${timeoutMs / 1000} s` : `(exited: ${child.exitCode ?? child.signalCode})`;
    throw new Error(
      `${app} did not answer${until === 'ready' ? ' 200' : ''} on ${check} ${why}. Its output:\n${lines.slice(-40).join('\n')}`,
    );
  }
  return { url, lines, stop };
}

/** Whether `url` answers, with `status` when given. */
async function answers(url: string, status?: number): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return status === undefined || response.status === status;
}
