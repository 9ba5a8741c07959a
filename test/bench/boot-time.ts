import { ChildProcess } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { codeCacheFileOf } from '@app/platform/boot/run-with-code-cache';
import {
  AppRoute,
  appEntryFile,
  freePort,
  hasExited,
  OutputTail,
  pollUntil,
  repositoryRoot,
  spawnChild,
  stopChild,
  throwawaySessionSecret,
} from '@app/stack';
import { median } from './load';
import { PRODUCTION_ENV } from './project-stack';

const BOOT_TIMEOUT_MS = 30_000;
// The app's wait for Redis (10 s), then a boot.
const REHEARSAL_TIMEOUT_MS = 40_000;
// Short, so the figure is the boot's and not the wait between probes; a probe before the port
// listens is refused at once and costs the booting process nothing.
const PROBE_INTERVAL_MS = 5;

/** How long an app takes from `node` to its first 200 on the readiness path. */
export interface BootTime {
  app: string;
  /** Median of the boots from `start.js` with the code cache made as the image makes it: what a task waits. */
  medianMs: number;
  bootsMs: number[];
  /** Median of the boots of `main.js` without a cache, taken in turns with the others. */
  uncachedMedianMs: number;
  uncachedBootsMs: number[];
}

/**
 * Boots the production build of `route`'s app `boots` times as its image starts it (`start.js`,
 * with the code cache made as docker/Dockerfile makes it: a rehearsal without Redis) and `boots`
 * times as `node main.js`, without a cache, in turns, against the Redis at `redisUrl`, and times
 * each from the spawn to its first 200 on the readiness path (what a rolling update step, a
 * crash restart or a scale-up waits for). The cache is removed afterwards, so the build is left
 * as it was.
 */
export async function measureBootTime(route: AppRoute, redisUrl: string, boots: number): Promise<BootTime> {
  const cacheFile = codeCacheFileOf(join(repositoryRoot(), appEntryFile(route.app)));
  try {
    await rehearse(route, cacheFile);
    const bootsMs: number[] = [];
    const uncachedBootsMs: number[] = [];
    for (let boot = 0; boot < boots; boot++) {
      uncachedBootsMs.push(await bootOnce(route, redisUrl, 'main.js'));
      bootsMs.push(await bootOnce(route, redisUrl, 'start.js'));
    }
    return {
      app: route.app,
      medianMs: median(bootsMs),
      bootsMs,
      uncachedMedianMs: median(uncachedBootsMs),
      uncachedBootsMs,
    };
  } finally {
    await rm(cacheFile, { force: true });
  }
}

/**
 * The image's step: a boot with a throwaway secret and no Redis (a free port nobody listens on),
 * which listens after its wait for Redis, and whose start.js then writes the cache and exits.
 */
async function rehearse(route: AppRoute, cacheFile: string): Promise<void> {
  const { child, output } = startBuild(route, 'start.js', await freePort(), `redis://127.0.0.1:${await freePort()}`, [
    '--write-code-cache',
  ]);
  const timer = setTimeout(() => child.kill('SIGKILL'), REHEARSAL_TIMEOUT_MS);
  try {
    // `close`: once stderr has been read to its end as well.
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0 || !(await stat(cacheFile).catch(() => undefined))?.size) {
      throw new Error(`${route.app}'s rehearsal wrote no code cache (exit ${code}):\n${output}`);
    }
  } finally {
    clearTimeout(timer);
    await stopChild(child, 'SIGTERM', 5_000);
  }
}

async function bootOnce(route: AppRoute, redisUrl: string, file: 'main.js' | 'start.js'): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const { child, output } = startBuild(route, file, port, redisUrl);
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
    if (result !== 'ready') throw new Error(`${route.app} was not ready (${result}):\n${output}`);
    return performance.now() - started;
  } finally {
    await stopChild(child, 'SIGTERM', 5_000);
  }
}

/**
 * Starts `file` of the production build of `route`'s app with the production defaults, on
 * `port`, against the Redis at `redisUrl`, with a throwaway secret: its log lines discarded, the
 * last lines of its stderr kept for an error message.
 */
function startBuild(
  route: AppRoute,
  file: string,
  port: number,
  redisUrl: string,
  args: string[] = [],
): { child: ChildProcess; output: OutputTail } {
  const child = spawnChild(
    process.execPath,
    [join(repositoryRoot(), dirname(appEntryFile(route.app)), file), ...args],
    {
      cwd: repositoryRoot(),
      env: {
        ...process.env,
        ...PRODUCTION_ENV,
        HOST: '127.0.0.1',
        PORT: String(port),
        REDIS_URL: redisUrl,
        SESSION_SECRETS: throwawaySessionSecret(),
      },
      discardStdout: true,
    },
  );
  return { child, output: new OutputTail(child, { label: route.app, forward: false }) };
}
