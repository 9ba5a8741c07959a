import { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppRoute,
  appEntryFile,
  freePort,
  hasExited,
  pollUntil,
  repositoryRoot,
  spawnChild,
  stopChild,
  throwawaySessionSecret,
} from '@app/stack';
import { median } from './load';
import { PRODUCTION_ENV } from './project-stack';

const BOOT_TIMEOUT_MS = 30_000;
// Short, so the figure is the boot's and not the wait between probes; a probe before the port
// listens is refused at once and costs the booting process nothing.
const PROBE_INTERVAL_MS = 5;

/** How long an app takes from `node` to its first 200 on the readiness path. */
export interface BootTime {
  app: string;
  /** Median of the boots with Node's compile cache made as the image makes it: what a task waits. */
  medianMs: number;
  bootsMs: number[];
  /** Median of the boots without a compile cache, taken in turns with the others. */
  uncachedMedianMs: number;
  uncachedBootsMs: number[];
}

/**
 * Boots the production build of `route`'s app `boots` times with a compile cache made as
 * docker/Dockerfile makes it (a start that stops at the environment check) and `boots` times
 * without one, in turns, against the Redis at `redisUrl`, and times each from the spawn to its
 * first 200 on the readiness path (what a rolling update step, a crash restart or a scale-up
 * waits for).
 */
export async function measureBootTime(route: AppRoute, redisUrl: string, boots: number): Promise<BootTime> {
  const cacheDirectory = await mkdtemp(join(tmpdir(), `bench-compile-cache-${route.app}-`));
  try {
    await makeCompileCache(route, cacheDirectory);
    const bootsMs: number[] = [];
    const uncachedBootsMs: number[] = [];
    for (let boot = 0; boot < boots; boot++) {
      uncachedBootsMs.push(await bootOnce(route, redisUrl, undefined));
      bootsMs.push(await bootOnce(route, redisUrl, cacheDirectory));
    }
    return {
      app: route.app,
      medianMs: median(bootsMs),
      bootsMs,
      uncachedMedianMs: median(uncachedBootsMs),
      uncachedBootsMs,
    };
  } finally {
    await rm(cacheDirectory, { recursive: true, force: true });
  }
}

/** The image's step: a production start without secrets, which exits at the environment check. */
async function makeCompileCache(route: AppRoute, cacheDirectory: string): Promise<void> {
  const { SESSION_SECRETS: _unset, ...env } = process.env;
  const child = spawnBuild(route, { ...env, ...PRODUCTION_ENV, NODE_COMPILE_CACHE: cacheDirectory });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // `close`: once stderr has been read to its end as well.
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  // Node makes its folder in the cache at start, and the cache's files at exit.
  const made = (await readdir(cacheDirectory, { recursive: true, withFileTypes: true })).some((entry) =>
    entry.isFile(),
  );
  if (code !== 1 || !stderr.includes('SESSION_SECRETS') || !made) {
    throw new Error(
      `${route.app} did not stop at the environment check with a compile cache (exit ${code}):\n${stderr}`,
    );
  }
}

async function bootOnce(route: AppRoute, redisUrl: string, compileCache: string | undefined): Promise<number> {
  const port = await freePort();
  const { NODE_COMPILE_CACHE: _own, ...env } = process.env;
  const started = performance.now();
  const child = spawnBuild(route, {
    ...env,
    ...PRODUCTION_ENV,
    ...(compileCache && { NODE_COMPILE_CACHE: compileCache }),
    HOST: '127.0.0.1',
    PORT: String(port),
    REDIS_URL: redisUrl,
    SESSION_SECRETS: throwawaySessionSecret(),
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  try {
    const url = `http://127.0.0.1:${port}${route.readinessPath}`;
    const result = await pollUntil(
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        await response.body?.cancel();
        return response.status === 200;
      },
      { timeoutMs: BOOT_TIMEOUT_MS, intervalMs: PROBE_INTERVAL_MS, abandon: () => hasExited(child) },
    );
    if (result !== 'ready') throw new Error(`${route.app} was not ready (${result}):\n${stderr}`);
    return performance.now() - started;
  } finally {
    await stopChild(child, 'SIGTERM', 5_000);
  }
}

/** Starts the production build of `route`'s app with `env`, its log lines discarded. */
function spawnBuild(route: AppRoute, env: NodeJS.ProcessEnv): ChildProcess {
  return spawnChild(process.execPath, [join(repositoryRoot(), appEntryFile(route.app))], {
    cwd: repositoryRoot(),
    env,
    discardStdout: true,
  });
}
