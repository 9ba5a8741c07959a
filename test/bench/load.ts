import autocannon from 'autocannon';
import Redis, { Cluster } from 'ioredis';
import { commandsSoFar, redisCpuMicros } from './redis-counters';

/** One kind of request, sent over and over by every connection. */
export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** How hard and how long to load a target. */
export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  rounds: number;
  warmupSeconds: number;
}

/** One measured round: autocannon's result and the Redis commands it caused. */
export interface LoadRound {
  result: autocannon.Result;
  commands: number;
  redisCpuMicros: number;
}

/** A row's figures: medians over its rounds, and Redis commands over all of them. */
export interface LoadMeasurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerRequest: number;
  /** CPU time Redis spent per request sent (from `INFO cpu`), in microseconds. */
  redisMicrosPerRequest: number;
  /** Responses of every measured round. */
  responses: number;
  /** Responses that were not 2xx, and connection errors: a row with any is suspect. */
  failures: number;
  /** req/s of each round, in order. */
  roundsRequestsPerSecond: number[];
}

// After a run, requests autocannon abandoned may still be at work on the server: their Redis
// commands must land in the round that sent them, not in the next one.
const SETTLE_MS = 250;

/** The median of `values` (the mean of the middle two for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function run(target: LoadTarget, connections: number, durationSeconds: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    connections,
    duration: durationSeconds,
  });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return result;
}

/** An unmeasured run, so that the server is warm (JIT, connections, caches). */
export async function warmUp(target: LoadTarget, settings: LoadSettings): Promise<void> {
  if (settings.warmupSeconds > 0) await run(target, settings.connections, settings.warmupSeconds);
}

/**
 * `measurement`'s req/s over `base`'s, as the median of their rounds' ratios: the rows of a
 * round see the same moment of the machine, so this leaves out what it did to a round, where
 * the ratio of the two medians would not.
 */
export function medianRoundRatio(measurement: LoadMeasurement, base: LoadMeasurement): number {
  return median(
    measurement.roundsRequestsPerSecond.map((perSecond, round) => perSecond / base.roundsRequestsPerSecond[round]),
  );
}

/** One measured round, with the Redis commands counted on `redis` around it. */
export async function measureRound(
  target: LoadTarget,
  settings: LoadSettings,
  redis: Redis | Cluster,
): Promise<LoadRound> {
  const before = await commandsSoFar(redis);
  const cpuBefore = await redisCpuMicros(redis);
  const result = await run(target, settings.connections, settings.durationSeconds);
  const cpuAfter = await redisCpuMicros(redis);
  return { result, commands: (await commandsSoFar(redis)) - before, redisCpuMicros: cpuAfter - cpuBefore };
}

/** Medians of the rounds' req/s, p50 and p99; Redis commands per request sent over all of them. */
export function summariseRounds(rounds: LoadRound[]): LoadMeasurement {
  const results = rounds.map((round) => round.result);
  const responses = results.reduce((sum, result) => sum + result['2xx'] + result.non2xx, 0);
  // Requests still in flight when a round ends were sent and cost their commands, but got no
  // response that autocannon counts: divide by the requests sent.
  const sent = results.reduce((sum, result) => sum + result.requests.sent, 0);
  const commands = rounds.reduce((sum, round) => sum + round.commands, 0);
  const roundsRequestsPerSecond = results.map((result) => (result['2xx'] + result.non2xx) / result.duration);
  return {
    requestsPerSecond: median(roundsRequestsPerSecond),
    p50Ms: median(results.map((result) => result.latency.p50)),
    p99Ms: median(results.map((result) => result.latency.p99)),
    commandsPerRequest: sent ? commands / sent : Number.NaN,
    redisMicrosPerRequest: sent ? rounds.reduce((sum, round) => sum + round.redisCpuMicros, 0) / sent : Number.NaN,
    responses,
    failures: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
    roundsRequestsPerSecond,
  };
}

/** A warm-up, then `rounds` measured rounds of one target. */
export async function measureLoad(target: LoadTarget, settings: LoadSettings, redis: Redis): Promise<LoadMeasurement> {
  await warmUp(target, settings);
  const rounds: LoadRound[] = [];
  for (let round = 0; round < settings.rounds; round++) rounds.push(await measureRound(target, settings, redis));
  return summariseRounds(rounds);
}
