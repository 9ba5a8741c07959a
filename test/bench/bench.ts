import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import Redis, { Cluster } from 'ioredis';
import { RedisServer, startRedisClusterServers, startRedisServer } from '@app/stack';
import { BenchOptions } from './bench-options';
import { BenchReport, BenchRow, MachineInfo } from './bench-report.interface';
import { startBenchServer } from './bench-server.process';
import { BootTime, measureBootTime } from './boot-time';
import { checkCapacity } from './capacity';
import { evaluateGoals } from './goals';
import { LoadRound, LoadSettings, LoadTarget, measureRound, medianRoundRatio, summariseRounds, warmUp } from './load';
import { BENCH_APPS, sessionCookie, startProjectStack } from './project-stack';
import { BENCH_USER } from './servers/announce';
import { fillSessions } from './session-fill';
import { measureMemoryPerSession, measureTouchCost, measureUserSessionsCosts } from './store-costs';

/**
 * Row names the goals refer to, in the order the rows are measured and printed: each goal's
 * rows next to each other, so that a ratio compares rounds taken seconds apart, not a minute (a
 * round of every row takes about one), and the machine's speed, which moves by half within a
 * minute on a shared VM, is the same for both.
 */
export const ROW = {
  // A second process of the bare twin, beside the first: how far two rows differ by the
  // machine's noise alone, in the same run.
  bareCatalogAgain: 'bare /cart/catalog body, again',
  // The public route and its twins.
  bareCatalog: 'bare /cart/catalog body',
  hookedCatalog: 'hooked /cart/catalog body',
  noCookie: 'cart GET /cart/catalog, no cookie',
  // The near cache row and its twins.
  bareMe: 'bare /auth/me body',
  hookedMe: 'hooked /auth/me body',
  meNearCache: 'auth GET /auth/me, near cache',
  // The session read, between the limit row and its twin with request logging off, then the
  // session recipes it is compared with.
  limit: 'limit',
  me: 'auth GET /auth/me',
  meLoggingOff: 'auth GET /auth/me, request logging off',
  peer: 'peer',
  classic: 'classic',
  profile: 'profile GET /profile',
  profileNearCache: 'profile GET /profile, near cache',
  meGateway: 'auth GET /auth/me via gateway',
  meCluster: 'auth GET /auth/me, Redis Cluster',
  // The scale row and its twin with the baseline count of sessions.
  meScaleBaseline: 'auth GET /auth/me, baseline sessions',
  meAtScale: 'auth GET /auth/me, scale sessions',
  login: 'auth POST /auth/login',
} as const;
const ROW_ORDER: readonly string[] = Object.values(ROW);

/**
 * Each project row's bare twin: bare Fastify sending the same body with no session, the ceiling
 * of any server here. A row's ratio to it is what the framework around the session costs. The
 * hooked twins have it too: what the platform's per-request hooks cost Fastify alone; and the
 * second bare twin, whose ratio to the first is the machine's noise.
 */
const TWINS: Readonly<Record<string, string>> = {
  [ROW.me]: ROW.bareMe,
  [ROW.meLoggingOff]: ROW.bareMe,
  [ROW.meNearCache]: ROW.bareMe,
  [ROW.meGateway]: ROW.bareMe,
  [ROW.meCluster]: ROW.bareMe,
  [ROW.noCookie]: ROW.bareCatalog,
  [ROW.hookedMe]: ROW.bareMe,
  [ROW.hookedCatalog]: ROW.bareCatalog,
  [ROW.bareCatalogAgain]: ROW.bareCatalog,
};

/**
 * The hooked twin of each bare one: bare Fastify with the platform's per-request hooks and no
 * Nest. A project row's ratio to it is what Nest, the session plugin and the route cost beyond
 * those hooks.
 */
const HOOKED: Readonly<Record<string, string>> = {
  [ROW.bareMe]: ROW.hookedMe,
  [ROW.bareCatalog]: ROW.hookedCatalog,
};

/** Rows that run with the project's code: their ratios to the limit row are printed. */
const PROJECT_ROWS = new Set<string>(
  Object.values(ROW).filter((name) => !['limit', 'classic', 'peer'].includes(name) && !/^(bare|hooked) /.test(name)),
);

// As `npm start` runs them.
const CAPACITY_REPLICAS_PER_APP = 2;

/** Environment of the replicas for the near cache rows. */
const NEAR_CACHE_ENV = { SESSION_NEAR_CACHE_MAX_ENTRIES: '10000' };

type Log = (line: string) => void;

/** A row before it is measured: what to load, and which Redis counts its commands. */
interface PlannedRow {
  name: string;
  what: string;
  target: LoadTarget;
  redis: Redis | Cluster;
  settings: LoadSettings;
  rounds: LoadRound[];
}

/**
 * Runs the benchmark and returns its report. Every server of every row is started first, idle
 * but for the one under load, and the rows are measured in turn, one round each, as many times
 * as there are rounds, every other round in reverse order: noise from the rest of the machine
 * then falls on every row alike, and the median of a row's rounds leaves a burst out.
 *
 * The comparison servers and the project share one redis-server. The near cache replicas, and
 * the stack of the scale row with its million sessions, each have a redis-server of their
 * own, started the same way, so that neither the near cache's heartbeats nor the million
 * sessions are counted in, or weigh on, the other rows. The scale goal compares the scale row
 * with a twin, a stack and redis-server of their own loaded by that row only, that differs in
 * the sessions stored alone, and the two take turns going first in a round. (Compared with the
 * main `GET /auth/me` row, whose stack and Redis the other rows also load, the scale row came out
 * 6-8 % slower with the same 1,000 sessions stored in both.)
 *
 * Every process it starts is stopped before it returns or throws.
 */
export async function runBench(options: BenchOptions, log: Log = () => undefined): Promise<BenchReport> {
  const started = Date.now();
  const loadAverageAtStart = loadavg()[0];
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  };
  const startRedis = async (): Promise<{ server: RedisServer; redis: Redis }> => {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    const redis = new Redis(server.url);
    cleanups.push(async () => redis.disconnect());
    return { server, redis };
  };

  try {
    const shared = await startRedis();
    const cached = await startRedis();
    const large = await startRedis();
    const small = await startRedis();
    const few = await startRedis();
    const planned: PlannedRow[] = [];
    const plan = (
      name: string,
      what: string,
      target: LoadTarget,
      redis: Redis | Cluster,
      override: Partial<LoadSettings> = {},
    ): void => void planned.push({ name, what, target, redis, settings: { ...options, ...override }, rounds: [] });

    log('starting the servers');
    const limit = await startBenchServer('limit', { REDIS_URL: shared.server.url });
    cleanups.push(() => limit.stop());
    await shared.redis.set('limit:bench-session', JSON.stringify(BENCH_USER));
    plan(
      ROW.limit,
      'bare Fastify, one ioredis GET',
      { url: `${limit.url}/me`, headers: { cookie: 'sid=bench-session' } },
      shared.redis,
    );
    for (const [name, what] of [
      [ROW.classic, 'Express + express-session + connect-redis'],
      [ROW.peer, 'Fastify + @fastify/session defaults + ioredis store'],
    ] as const) {
      const server = await startBenchServer(name, { REDIS_URL: shared.server.url });
      cleanups.push(() => server.stop());
      const cookie = sessionCookie(await fetch(`${server.url}/login`, { method: 'POST' }));
      plan(name, what, { url: `${server.url}/me`, headers: { cookie } }, shared.redis);
    }

    await fillSessions(shared.redis, 1, options.baselineSessions);
    const project = await startProjectStack(shared.server.url);
    cleanups.push(() => project.stack.stop());
    const withCookie = { cookie: project.cookie };
    const sessionsStored = (count: number): string => `session only, ${count.toLocaleString('en')} sessions stored`;
    plan(
      ROW.me,
      sessionsStored(options.baselineSessions),
      { url: `${project.urls.auth}/auth/me`, headers: withCookie },
      shared.redis,
    );
    plan(
      ROW.profile,
      'session + one profile read',
      { url: `${project.urls.profile}/profile`, headers: withCookie },
      shared.redis,
    );
    plan(ROW.noCookie, 'public route, no session', { url: `${project.urls.cart}/cart/catalog` }, shared.redis);
    const quiet = await startProjectStack(shared.server.url, { LOG_LEVEL: 'warn' });
    cleanups.push(() => quiet.stack.stop());
    plan(
      ROW.meLoggingOff,
      'the same, without the request log line',
      { url: `${quiet.urls.auth}/auth/me`, headers: { cookie: quiet.cookie } },
      shared.redis,
    );
    const bodies = {
      CATALOG_BODY: await bodyOf({ url: `${project.urls.cart}/cart/catalog` }),
      ME_BODY: await bodyOf({ url: `${project.urls.auth}/auth/me`, headers: withCookie }),
    };
    const bare = await startBenchServer('bare', bodies);
    cleanups.push(() => bare.stop());
    plan(ROW.bareMe, 'bare Fastify, the /auth/me body, no session', { url: `${bare.url}/me` }, shared.redis);
    plan(ROW.bareCatalog, 'bare Fastify, the catalog body', { url: `${bare.url}/catalog` }, shared.redis);
    const bareAgain = await startBenchServer('bare', bodies);
    cleanups.push(() => bareAgain.stop());
    plan(
      ROW.bareCatalogAgain,
      'a second bare Fastify process, the same body: the noise between two rows',
      { url: `${bareAgain.url}/catalog` },
      shared.redis,
    );
    const hooked = await startBenchServer('hooked', bodies);
    cleanups.push(() => hooked.stop());
    const platformHooks = "with the platform's hooks, no Nest";
    plan(ROW.hookedMe, `the /auth/me body ${platformHooks}`, { url: `${hooked.url}/me` }, shared.redis);
    plan(ROW.hookedCatalog, `the catalog body ${platformHooks}`, { url: `${hooked.url}/catalog` }, shared.redis);
    const gateway = await startBenchServer('gateway', { UPSTREAMS: JSON.stringify({ '/auth': [project.urls.auth] }) });
    cleanups.push(() => gateway.stop());
    plan(
      ROW.meGateway,
      'through the development gateway',
      { url: `${gateway.url}/auth/me`, headers: withCookie },
      shared.redis,
    );

    // Its commands are counted over the cluster's masters: still one a read, on the master of
    // the session's slot.
    const cluster = await startRedisClusterServers();
    cleanups.push(() => cluster.stop());
    const clusterClient = cluster.connect();
    cleanups.push(async () => clusterClient.disconnect());
    // Its masters are known once it is ready: the counters read each of them.
    await once(clusterClient, 'ready');
    const onCluster = await startProjectStack(cluster.env);
    cleanups.push(() => onCluster.stack.stop());
    plan(
      ROW.meCluster,
      'session only, on a cluster of 3 masters and 3 replicas',
      { url: `${onCluster.urls.auth}/auth/me`, headers: { cookie: onCluster.cookie } },
      clusterClient,
    );

    const nearCache = await startProjectStack(cached.server.url, NEAR_CACHE_ENV);
    cleanups.push(() => nearCache.stack.stop());
    plan(
      ROW.meNearCache,
      "session from the replica's memory",
      { url: `${nearCache.urls.auth}/auth/me`, headers: { cookie: nearCache.cookie } },
      cached.redis,
    );
    plan(
      ROW.profileNearCache,
      'session from memory + one profile read',
      { url: `${nearCache.urls.profile}/profile`, headers: { cookie: nearCache.cookie } },
      cached.redis,
    );

    log(`filling a redis-server with ${options.scaleSessions.toLocaleString('en')} sessions`);
    await fillSessions(few.redis, 1, options.fewOtherUsers);
    await fillSessions(large.redis, 1, options.scaleSessions);
    // One user's sessions listed and ended among few other users and among many, the two
    // interleaved operation by operation, so a burst of other work weighs on both alike.
    const userSessions = await measureUserSessionsCosts([
      { redis: few.redis, otherUsers: options.fewOtherUsers },
      { redis: large.redis, otherUsers: options.scaleSessions },
    ]);
    const atScale = await startProjectStack(large.server.url);
    cleanups.push(() => atScale.stack.stop());
    await fillSessions(small.redis, 1, options.baselineSessions);
    const atBaseline = await startProjectStack(small.server.url);
    cleanups.push(() => atBaseline.stack.stop());
    plan(
      ROW.meScaleBaseline,
      `${sessionsStored(options.baselineSessions)}: the scale row's twin`,
      { url: `${atBaseline.urls.auth}/auth/me`, headers: { cookie: atBaseline.cookie } },
      small.redis,
    );
    plan(
      ROW.meAtScale,
      sessionsStored(options.scaleSessions),
      { url: `${atScale.urls.auth}/auth/me`, headers: { cookie: atScale.cookie } },
      large.redis,
    );

    plan(
      ROW.login,
      'sign-in: scrypt KDF + new session',
      {
        url: `${project.urls.auth}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(project.credentials),
      },
      shared.redis,
      // The KDF takes both cores: more connections only queue.
      { connections: Math.min(options.connections, 2 * cpus().length) },
    );

    planned.sort((a, b) => ROW_ORDER.indexOf(a.name) - ROW_ORDER.indexOf(b.name));
    for (const row of planned) {
      await expectOk(row.target, row.name);
      await warmUp(row.target, row.settings);
    }
    for (let round = 1; round <= options.rounds; round++) {
      log(`round ${round} of ${options.rounds}`);
      // Every other round backwards: of two rows side by side, each goes first in turn.
      const order = round % 2 === 0 ? [...planned].reverse() : planned;
      for (const row of order) {
        row.rounds.push(await measureRound(row.target, row.settings, row.redis));
      }
    }
    const rows: BenchRow[] = planned.map(({ name, what, rounds }) => ({
      name,
      what,
      measurement: summariseRounds(rounds),
      vsPeer: null,
      vsClassic: null,
      vsTwin: null,
      vsHookedTwin: null,
      vsLimit: null,
    }));
    withRatios(rows);
    withFrameworkRatios(rows);
    for (const { name, measurement } of rows) {
      log(
        `  ${name}: ${Math.round(measurement.requestsPerSecond)} req/s, ${measurement.commandsPerRequest.toFixed(3)} Redis commands a request`,
      );
    }
    await cleanUpServers(cleanups, 4);

    log('loading every replica of a stack at once');
    const capacity = await checkCapacity(shared.server.url, {
      replicasPerApp: CAPACITY_REPLICAS_PER_APP,
      connections: options.connections,
      durationSeconds: options.durationSeconds * 2,
    });
    log(
      `  ${Math.round(capacity.requestsPerSecond)} req/s, Redis at ${(capacity.redisCoreShare * 100).toFixed(0)}% of a core`,
    );

    log(`booting each app ${options.boots} times`);
    const boot: BootTime[] = [];
    for (const route of BENCH_APPS) boot.push(await measureBootTime(route, shared.server.url, options.boots));
    for (const { app, medianMs, uncachedMedianMs } of boot) {
      log(
        `  ${app}: ${Math.round(medianMs)} ms to ready (${Math.round(uncachedMedianMs)} ms from main.js without the code cache)`,
      );
    }

    // Memory: sessions made through the store itself, on an empty redis-server.
    await cached.redis.flushall();
    log(`making ${options.memorySessions.toLocaleString('en')} sessions through the store`);
    const memory = await measureMemoryPerSession(cached.redis, options.memorySessions);
    log(`  ${memory.bytesPerSession} bytes a session`);
    const touch = await measureTouchCost(cached.redis);

    const machine: MachineInfo = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      redis: /^redis_version:(\S+)/m.exec(await shared.redis.info('server'))?.[1] ?? 'unknown',
      loadAverageAtStart,
      loadAverageAtEnd: loadavg()[0],
    };
    return {
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      options,
      machine,
      rows,
      memory,
      touch,
      userSessions,
      capacity,
      boot,
      goals: evaluateGoals(rows, memory, userSessions, boot),
    };
  } finally {
    await cleanUp();
  }
}

/** Stops every server started after the first `keep` cleanups (the redis-servers and their clients stay). */
async function cleanUpServers(cleanups: (() => Promise<unknown>)[], keep: number): Promise<void> {
  while (cleanups.length > keep * 2) await cleanups.pop()!().catch(() => undefined);
}

/** Fails fast, naming the row, when the target does not answer 2xx before it is loaded. */
async function expectOk(target: LoadTarget, name: string): Promise<void> {
  const response = await fetch(target.url, {
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
  });
  if (response.status >= 300)
    throw new Error(
      `${name}: ${target.method ?? 'GET'} ${target.url} answered ${response.status}: ${await response.text()}`,
    );
  await response.arrayBuffer();
}

function withRatios(rows: BenchRow[]): void {
  const rate = (name: string): number | undefined =>
    rows.find((row) => row.name === name)?.measurement.requestsPerSecond;
  const peer = rate(ROW.peer);
  const classic = rate(ROW.classic);
  // A sign-in is not a read: comparing it with the peers' reads says nothing.
  for (const row of rows.filter(({ name }) => name !== ROW.login)) {
    row.vsPeer = peer ? row.measurement.requestsPerSecond / peer : null;
    row.vsClassic = classic ? row.measurement.requestsPerSecond / classic : null;
  }
}

/** Each row's ratio to its bare twin, and a project row's to its hooked twin and the limit row (medians of the rounds' ratios). */
function withFrameworkRatios(rows: BenchRow[]): void {
  const byName = new Map(rows.map((row) => [row.name, row]));
  const ratioTo = (row: BenchRow, other: string): number | null => {
    const base = byName.get(other)?.measurement;
    return base ? medianRoundRatio(row.measurement, base) : null;
  };
  for (const row of rows.filter(({ name }) => name !== ROW.login)) {
    const twin = TWINS[row.name];
    row.vsTwin = twin ? ratioTo(row, twin) : null;
    if (!PROJECT_ROWS.has(row.name)) continue;
    row.vsHookedTwin = twin ? ratioTo(row, HOOKED[twin]) : null;
    row.vsLimit = ratioTo(row, ROW.limit);
  }
}

/** The body `target` answers, to be sent as it is by a bare twin. */
async function bodyOf(target: LoadTarget): Promise<string> {
  const response = await fetch(target.url, { headers: target.headers });
  if (response.status !== 200) throw new Error(`GET ${target.url} answered ${response.status}`);
  return response.text();
}
