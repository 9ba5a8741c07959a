import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { appEntryFile, freePort, repositoryRoot, startRedisServer, throwawaySessionSecret } from '@app/stack';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary';
import { measureRound, summariseRounds, warmUp } from './load';
import { PRODUCTION_ENV, registerAndSignIn } from './project-stack';
import { fillSessions } from './session-fill';

const READY_TIMEOUT_MS = 20_000;

/**
 * `npm run bench:profile -- [--path=/auth/me] [--duration=10] [--connections=50] [--near-cache] [--no-cookie]`:
 * runs the app that serves `path` as built, with the production defaults (a request line per
 * request, to /dev/null as a log driver takes it), under `node --cpu-prof`, loads the route with
 * one signed-in session (none with `--no-cookie`), and writes the profile, its collapsed stacks
 * (the input of flame graph tools such as speedscope or flamegraph.pl) and a summary of where
 * the time of the measured run (after a 2 s warm-up) went, by layer with µs per request, to `.bench/`.
 */
async function main(): Promise<void> {
  const flag = (name: string, fallback: string): string =>
    process.argv.find((argument) => argument.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const path = flag('path', '/auth/me');
  const durationSeconds = Number(flag('duration', '10'));
  const connections = Number(flag('connections', '50'));
  const nearCache = process.argv.includes('--near-cache');
  const withCookie = !process.argv.includes('--no-cookie');
  const appName = path.split('/')[1];
  // The session is signed in through the auth app, the one process started here.
  if (withCookie && appName !== 'auth') throw new Error(`${path}: a signed-in route of auth only, or --no-cookie`);
  const profiles = mkdtempSync(join(tmpdir(), 'cpu-prof-'));
  const root = repositoryRoot();

  const server = await startRedisServer();
  const redis = new Redis(server.url);
  const port = await freePort();
  const app = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, join(root, appEntryFile(appName))], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...PRODUCTION_ENV,
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: server.url,
      SESSION_SECRETS: throwawaySessionSecret(),
      REPLICA_NAME: 'profiled',
      ...(nearCache ? { SESSION_NEAR_CACHE_MAX_ENTRIES: '10000' } : {}),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await fillSessions(redis, 1, 1000);
    await untilReady(`${url}/${appName}/health/ready`);
    const headers = withCookie ? { cookie: (await registerAndSignIn(url)).cookie } : undefined;
    const target = { url: `${url}${path}`, headers };
    const settings = { connections, durationSeconds, rounds: 1, warmupSeconds: 2 };
    await warmUp(target, settings);
    // The summary keeps the samples of the measured run only (V8's profile clock is the
    // monotonic clock of process.hrtime): the start, the warm-up and the shutdown are not the
    // steady state, and the µs per request divide by the requests of this span alone.
    const startMicros = Number(process.hrtime.bigint() / 1000n);
    const measured = summariseRounds([await measureRound(target, settings, redis)]);
    const endMicros = Number(process.hrtime.bigint() / 1000n);
    process.stderr.write(
      `${Math.round(measured.requestsPerSecond)} req/s, ${measured.commandsPerRequest.toFixed(3)} commands a request\n`,
    );
    // --cpu-prof writes the profile when the process exits.
    const exited = once(app, 'exit');
    app.kill('SIGTERM');
    await exited;
    const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`The app wrote no profile to ${profiles}`);
    const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8'));
    const summary = summariseCpuProfile(profile, {
      window: { startMicros, endMicros },
      requests: {
        count: measured.responses,
        description: `the responses of the measured ${durationSeconds} s (the ${connections} or fewer requests still in flight at its end are not counted)`,
      },
    });
    const folder = resolve(root, '.bench');
    mkdirSync(folder, { recursive: true });
    const name = `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    writeFileSync(join(folder, `${name}.folded`), `${summary.folded}\n`);
    const title = `GET ${path}${nearCache ? ', near cache' : ''}${withCookie ? '' : ', no cookie'}, ${connections} connections, ${durationSeconds} s`;
    const markdown = formatProfileSummary(summary, title);
    writeFileSync(join(folder, `${name}.md`), markdown);
    process.stdout.write(`${markdown}\nWritten: .bench/${name}.cpuprofile, .folded and .md\n`);
  } finally {
    if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    redis.disconnect();
    await server.stop();
    rmSync(profiles, { recursive: true, force: true });
  }
}

async function untilReady(url: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() - started > READY_TIMEOUT_MS)
      throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
