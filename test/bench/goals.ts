import { BenchRow, GoalResult } from './bench-report.interface';
import { BootTime } from './boot-time';
import { medianRoundRatio } from './load';
import { MemoryFigure, UserSessionsCost } from './store-costs';

/** Rows named by `bench.ts`; kept as strings here so this file does not import the runner. */
const ME = 'auth GET /auth/me';
const ME_NEAR_CACHE = 'auth GET /auth/me, near cache';
const ME_SCALE_BASELINE = 'auth GET /auth/me, baseline sessions';
const ME_AT_SCALE = 'auth GET /auth/me, scale sessions';
const NO_COOKIE = 'cart GET /cart/catalog, no cookie';
const ME_LOGGING_OFF = 'auth GET /auth/me, request logging off';
const HOOKED_ME = 'hooked /auth/me body';
const HOOKED_CATALOG = 'hooked /cart/catalog body';

// Production defaults (request log line, metrics) may cost at most this share of GET /auth/me.
const LOGGING_COST_LIMIT = 0.1;
const BOOT_LIMIT_MS = 500;

// Listing or ending "costs the same": the same commands, and a time within this factor (the
// times are a few hundred microseconds, so the machine's noise alone moves them this much).
const SAME_TIME_FACTOR = 1.5;

const fixed = (value: number | undefined, digits = 2): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);

/**
 * The goals of the issue, each with this run's figure and whether it is met. A goal whose row
 * is missing, or whose row had failed requests, is not met.
 */
export function evaluateGoals(
  rows: BenchRow[],
  memory: MemoryFigure,
  userSessions: UserSessionsCost[],
  boot: BootTime[],
): GoalResult[] {
  const row = (name: string): BenchRow | undefined => rows.find((candidate) => candidate.name === name);
  const clean = (candidate: BenchRow | undefined): candidate is BenchRow =>
    !!candidate && candidate.measurement.failures === 0;
  const me = row(ME);
  const cached = row(ME_NEAR_CACHE);
  const scaleBaseline = row(ME_SCALE_BASELINE);
  const scale = row(ME_AT_SCALE);
  const noCookie = row(NO_COOKIE);
  const loggingOff = row(ME_LOGGING_OFF);
  const [few, many] = userSessions;
  const goals: GoalResult[] = [];
  const add = (goal: string, actual: string, met: boolean): void => void goals.push({ goal, actual, met });

  add(
    'Redis commands per authenticated read that changes nothing <= 1.0',
    fixed(me?.measurement.commandsPerRequest, 3),
    clean(me) && me.measurement.commandsPerRequest <= 1.0,
  );
  add(
    'Redis commands per request without a cookie = 0',
    fixed(noCookie?.measurement.commandsPerRequest, 3),
    clean(noCookie) && noCookie.measurement.commandsPerRequest === 0,
  );
  add(
    'Redis commands per read with the near cache <= 0.05',
    fixed(cached?.measurement.commandsPerRequest, 4),
    clean(cached) && cached.measurement.commandsPerRequest <= 0.05,
  );
  add(
    'Redis memory per signed-in session <= 300 bytes',
    `${memory.bytesPerSession} bytes`,
    memory.bytesPerSession <= 300,
  );
  add('GET /auth/me >= 1.0x peer', `${fixed(me?.vsPeer ?? undefined)}x`, clean(me) && (me.vsPeer ?? 0) >= 1.0);
  add('GET /auth/me >= 3x classic', `${fixed(me?.vsClassic ?? undefined)}x`, clean(me) && (me.vsClassic ?? 0) >= 3.0);
  add(
    'GET /auth/me with the near cache >= 1.15x peer',
    `${fixed(cached?.vsPeer ?? undefined)}x`,
    clean(cached) && (cached.vsPeer ?? 0) >= 1.15,
  );
  // Twin rows run next to each other in every round (medianRoundRatio says why that matters).
  const roundsRatio = (numerator?: BenchRow, denominator?: BenchRow): number | undefined =>
    numerator && denominator ? medianRoundRatio(numerator.measurement, denominator.measurement) : undefined;
  const scaleRatio = roundsRatio(scale, scaleBaseline);
  add(
    'GET /auth/me with the scale count of sessions within 5% of the baseline (median of the rounds side by side)',
    scaleRatio === undefined ? 'n/a' : `${scaleRatio >= 1 ? '+' : ''}${((scaleRatio - 1) * 100).toFixed(1)}%`,
    clean(scaleBaseline) && clean(scale) && scaleRatio !== undefined && scaleRatio >= 0.95,
  );
  const loggingRatio = roundsRatio(me, loggingOff);
  add(
    `request logging and metrics (the production defaults) cost <= ${LOGGING_COST_LIMIT * 100}% of GET /auth/me (median of the rounds side by side)`,
    loggingRatio === undefined ? 'n/a' : `${((1 - loggingRatio) * 100).toFixed(1)}%`,
    clean(me) && clean(loggingOff) && loggingRatio !== undefined && loggingRatio >= 1 - LOGGING_COST_LIMIT,
  );
  const tax = (goal: string, candidate: BenchRow | undefined, ratio: number | null | undefined, floor: number): void =>
    add(goal, `${fixed(ratio ?? undefined)}x`, clean(candidate) && (ratio ?? 0) >= floor);
  // Beside a row's ratio to its bare twin, its hooked twin's: how much of the gap is the
  // platform's per-request hooks, which Fastify without Nest pays as well.
  const twinTax = (goal: string, candidate: BenchRow | undefined, hookedTwin: string, floor: number): void =>
    add(
      goal,
      `${fixed(candidate?.vsTwin ?? undefined)}x (${fixed(candidate?.vsHookedTwin ?? undefined)}x its hooked twin, ` +
        `which is ${fixed(row(hookedTwin)?.vsTwin ?? undefined)}x the bare twin)`,
      clean(candidate) && (candidate.vsTwin ?? 0) >= floor,
    );
  twinTax('public GET /cart/catalog >= 0.65x its bare twin', noCookie, HOOKED_CATALOG, 0.65);
  twinTax('GET /auth/me with the near cache >= 0.75x its bare twin', cached, HOOKED_ME, 0.75);
  tax('GET /auth/me without the near cache >= 0.80x the limit row', me, me?.vsLimit, 0.8);
  for (const { app, medianMs } of boot) {
    add(
      `${app}: boot to ready <= ${BOOT_LIMIT_MS} ms (median)`,
      `${Math.round(medianMs)} ms`,
      medianMs <= BOOT_LIMIT_MS,
    );
  }
  const sameCost = (
    commands: (cost: UserSessionsCost) => number,
    micros: (cost: UserSessionsCost) => number,
  ): boolean => !!few && !!many && commands(few) === commands(many) && micros(many) <= micros(few) * SAME_TIME_FACTOR;
  const describe = (
    commands: (cost: UserSessionsCost) => number,
    micros: (cost: UserSessionsCost) => number,
  ): string =>
    few && many
      ? `${commands(few)} vs ${commands(many)} commands, ${micros(few)} vs ${micros(many)} µs (${few.otherUsers.toLocaleString('en')} vs ${many.otherUsers.toLocaleString('en')} other users)`
      : 'n/a';
  add(
    "listing one user's sessions costs the same whatever the other users",
    describe(
      (cost) => cost.listCommands,
      (cost) => cost.listMicros,
    ),
    sameCost(
      (cost) => cost.listCommands,
      (cost) => cost.listMicros,
    ),
  );
  add(
    "ending one user's sessions costs the same whatever the other users",
    describe(
      (cost) => cost.endCommands,
      (cost) => cost.endMicros,
    ),
    sameCost(
      (cost) => cost.endCommands,
      (cost) => cost.endMicros,
    ),
  );
  return goals;
}
