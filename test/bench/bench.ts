import { cpus, loadavg, totalmem } from 'node:os';
import Redis from 'ioredis';
import { RedisServer, startRedisServer } from '@app/stack';
import { BenchOptions } from './bench-options';
import { BenchReport, BenchRow, MachineInfo } from './bench-report.interface';
import { startBenchServer } from './bench-server.process';
import { evaluateGoals } from './goals';
import { LoadMeasurement, LoadTarget, measureLoad } from './load';
import { sessionCookie, startProjectStack } from './project-stack';
import { BENCH_USER } from './servers/announce';
import { fillSessions } from './session-fill';
import { measureMemoryPerSession, measureUserSessionsCost } from './store-costs';

/** Row names the goals refer to. */
export const ROW = {
  limit: 'limit',
  classic: 'classic',
  peer: 'peer',
  me: 'auth GET /auth/me',
  profile: 'profile GET /profile',
  meNearCache: 'auth GET /auth/me, near cache',
  profileNearCache: 'profile GET /profile, near cache',
  meGateway: 'auth GET /auth/me via gateway',
  noCookie: 'cart GET /cart/catalog, no cookie',
  meAtScale: 'auth GET /auth/me, scale sessions',
  login: 'auth POST /auth/login',
} as const;

/** Environment of the replicas for the near cache rows. */
const NEAR_CACHE_ENV = { SESSION_NEAR_CACHE_MAX_ENTRIES: '10000' };

type Log = (line: string) => void;

/**
 * Runs every row of the benchmark against one private redis-server, one server at a time, and
 * returns the report. Every process it starts is stopped before it returns or throws.
 */
export async function runBench(options: BenchOptions, log: Log = () => undefined): Promise<BenchReport> {
  const started = Date.now();
  const loadAverageAtStart = loadavg()[0];
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  };
  const rows: BenchRow[] = [];
  const settings = { ...options };

  try {
    const server: RedisServer = await startRedisServer();
    cleanups.push(() => server.stop());
    const redis = new Redis(server.url);
    cleanups.push(async () => redis.disconnect());
    const measure = async (name: string, what: string, target: LoadTarget, override: Partial<BenchOptions> = {}): Promise<LoadMeasurement> => {
      log(`${name}: ${what}`);
      await expectOk(target, name);
      const measurement = await measureLoad(target, { ...settings, ...override }, redis);
      rows.push({ name, what, measurement, vsPeer: null, vsClassic: null });
      log(`  ${Math.round(measurement.requestsPerSecond)} req/s, ${measurement.commandsPerRequest.toFixed(3)} Redis commands a request`);
      return measurement;
    };

    // 1-3: the comparison servers, each with a signed-in session of the same user.
    const limit = await startBenchServer('limit', { REDIS_URL: server.url });
    cleanups.push(() => limit.stop());
    await redis.set('limit:bench-session', JSON.stringify(BENCH_USER), 'EX', 1800);
    await measure(ROW.limit, 'bare Fastify, one ioredis GET', { url: `${limit.url}/me`, headers: { cookie: 'sid=bench-session' } });
    await limit.stop();

    for (const [name, what] of [
      [ROW.classic, 'Express + express-session + connect-redis'],
      [ROW.peer, 'Fastify + @fastify/session defaults + ioredis store'],
    ] as const) {
      const peer = await startBenchServer(name, { REDIS_URL: server.url });
      cleanups.push(() => peer.stop());
      const cookie = sessionCookie(await fetch(`${peer.url}/login`, { method: 'POST' }));
      await measure(name, what, { url: `${peer.url}/me`, headers: { cookie } });
      await peer.stop();
    }

    // 4, 6, the public route, the login: the project as built for production, no near cache.
    await redis.flushall();
    await fillSessions(redis, 1, options.fewOtherUsers);
    const fewOthers = await measureUserSessionsCost(redis, options.fewOtherUsers);
    await fillSessions(redis, options.fewOtherUsers + 1, options.baselineSessions - options.fewOtherUsers);
    const project = await startProjectStack(server.url);
    cleanups.push(() => project.stack.stop());
    const withCookie = { cookie: project.cookie };
    await measure(ROW.me, `session only, ${options.baselineSessions.toLocaleString('en')} sessions stored`, {
      url: `${project.urls.auth}/auth/me`,
      headers: withCookie,
    });
    // Scale, right after the baseline so that little else changes in between: the same read with
    // many more sessions stored, and one user's sessions listed and ended. The other rows follow
    // on the full Redis.
    log(`filling Redis up to ${options.scaleSessions.toLocaleString('en')} sessions`);
    const stored = await redis.dbsize();
    await fillSessions(redis, options.baselineSessions + 1, Math.max(0, options.scaleSessions - options.baselineSessions));
    log(`  ${(await redis.dbsize()) - stored} keys added`);
    await measure(ROW.meAtScale, `session only, ${options.scaleSessions.toLocaleString('en')} sessions stored`, {
      url: `${project.urls.auth}/auth/me`,
      headers: withCookie,
    });
    const manyOthers = await measureUserSessionsCost(redis, options.scaleSessions);
    await measure(ROW.profile, 'session + the profile\'s reads', { url: `${project.urls.profile}/profile`, headers: withCookie });
    await measure(ROW.noCookie, 'public route, no session', { url: `${project.urls.cart}/cart/catalog` });
    const gateway = await startBenchServer('gateway', {
      UPSTREAMS: JSON.stringify({ '/auth': [project.urls.auth] }),
    });
    cleanups.push(() => gateway.stop());
    await measure(ROW.meGateway, 'through the development gateway', { url: `${gateway.url}/auth/me`, headers: withCookie });
    await gateway.stop();
    await measure(
      ROW.login,
      'sign-in: scrypt KDF + new session',
      {
        url: `${project.urls.auth}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(project.credentials),
      },
      // The KDF takes both cores: more connections only queue.
      { connections: Math.min(options.connections, 2 * cpus().length) },
    );
    await project.stack.stop();

    // 5: the near cache.
    await redis.flushall();
    const cached = await startProjectStack(server.url, NEAR_CACHE_ENV);
    cleanups.push(() => cached.stack.stop());
    await measure(ROW.meNearCache, 'session from the replica\'s memory', {
      url: `${cached.urls.auth}/auth/me`,
      headers: { cookie: cached.cookie },
    });
    await measure(ROW.profileNearCache, 'session from memory + the profile\'s reads', {
      url: `${cached.urls.profile}/profile`,
      headers: { cookie: cached.cookie },
    });
    await cached.stack.stop();

    // Memory: sessions made through the store itself.
    await redis.flushall();
    log(`making ${options.memorySessions.toLocaleString('en')} sessions through the store`);
    const memory = await measureMemoryPerSession(redis, options.memorySessions);
    log(`  ${memory.bytesPerSession} bytes a session`);

    const machine: MachineInfo = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      redis: /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown',
      loadAverageAtStart,
      loadAverageAtEnd: loadavg()[0],
    };
    withRatios(rows);
    const userSessions = [fewOthers, manyOthers];
    return {
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      options,
      machine,
      rows,
      memory,
      userSessions,
      goals: evaluateGoals(rows, memory, userSessions),
    };
  } finally {
    await cleanUp();
  }
}

/** Fails fast, naming the row, when the target does not answer 2xx before it is loaded. */
async function expectOk(target: LoadTarget, name: string): Promise<void> {
  const response = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body });
  if (response.status >= 300) throw new Error(`${name}: ${target.method ?? 'GET'} ${target.url} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

function withRatios(rows: BenchRow[]): void {
  const rate = (name: string): number | undefined => rows.find((row) => row.name === name)?.measurement.requestsPerSecond;
  const peer = rate(ROW.peer);
  const classic = rate(ROW.classic);
  // A sign-in is not a read: comparing it with the peers' reads says nothing.
  for (const row of rows.filter(({ name }) => name !== ROW.login)) {
    row.vsPeer = peer ? row.measurement.requestsPerSecond / peer : null;
    row.vsClassic = classic ? row.measurement.requestsPerSecond / classic : null;
  }
}
