import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { appEntryFile, freePort, hasExited, pollUntil, repositoryRoot, spawnChild, stopChild } from '@app/stack';

const READY_TIMEOUT_MS = 20_000;
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

/** How to start an app other than a built one of the monorepo (a test's own). */
export interface AppLaunch {
  /** What `node` runs. Default: the built app, `dist/apps/<app>`. */
  nodeArguments?: string[];
  /** Default 20 s; more for an app compiled as it starts. */
  readyTimeoutMs?: number;
}

/**
 * Starts `dist/apps/<app>` (build it first), or what `launch` says, on a free loopback port with
 * `env` added to this process's environment, and resolves once it answers 200 on
 * `/<app>/health/ready`. When it does not, the process is killed and the promise rejects with
 * its output.
 */
export async function startAppProcess(
  app: string,
  env: Record<string, string>,
  { nodeArguments = [join(repositoryRoot(), appEntryFile(app))], readyTimeoutMs = READY_TIMEOUT_MS }: AppLaunch = {},
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
  const ready = await pollUntil(() => isReady(`${url}/${app}/health/ready`), {
    timeoutMs: readyTimeoutMs,
    intervalMs: 100,
    abandon: () => hasExited(child),
  });
  if (ready !== 'ready') {
    await stop();
    throw new Error(`${app} did not become ready on port ${port}. Its output:\n${lines.slice(-40).join('\n')}`);
  }
  return { url, lines, stop };
}

async function isReady(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return response.status === 200;
}
