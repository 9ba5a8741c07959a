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
  /** Median of the boots. */
  medianMs: number;
  bootsMs: number[];
}

/**
 * Boots the production build of `route`'s app `boots` times, one after the other, against the
 * Redis at `redisUrl`, and times each from the spawn to its first 200 on the readiness path
 * (what a rolling update step, a crash restart or a scale-up waits for).
 */
export async function measureBootTime(route: AppRoute, redisUrl: string, boots: number): Promise<BootTime> {
  const bootsMs: number[] = [];
  for (let boot = 0; boot < boots; boot++) bootsMs.push(await bootOnce(route, redisUrl));
  return { app: route.app, medianMs: median(bootsMs), bootsMs };
}

async function bootOnce(route: AppRoute, redisUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnChild(process.execPath, [join(repositoryRoot(), appEntryFile(route.app))], {
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
