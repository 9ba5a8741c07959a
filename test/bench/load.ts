import autocannon from 'autocannon';
import Redis from 'ioredis';
import { commandsSoFar } from './redis-counters';

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

/** A row's figures: medians over its rounds, and Redis commands over all of them. */
export interface LoadMeasurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerRequest: number;
  /** Responses of every measured round. */
  responses: number;
  /** Responses that were not 2xx, and connection errors: a row with any is suspect. */
  failures: number;
  /** req/s of each round, in order. */
  roundsRequestsPerSecond: number[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// After a run, requests autocannon abandoned may still be at work on the server: their Redis
// commands must land in the round that sent them, not in the next one.
const SETTLE_MS = 250;

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

/**
 * Loads `target` for a warm-up, then for `rounds` measured rounds, reading Redis's command
 * counters around each round (the warm-up is not counted).
 */
export async function measureLoad(target: LoadTarget, settings: LoadSettings, redis: Redis): Promise<LoadMeasurement> {
  if (settings.warmupSeconds > 0) await run(target, settings.connections, settings.warmupSeconds);
  const results: autocannon.Result[] = [];
  let commands = 0;
  for (let round = 0; round < settings.rounds; round++) {
    const before = await commandsSoFar(redis);
    results.push(await run(target, settings.connections, settings.durationSeconds));
    commands += (await commandsSoFar(redis)) - before;
  }
  const responses = results.reduce((sum, result) => sum + result['2xx'] + result.non2xx, 0);
  // Requests still in flight when a round ends were sent and cost their commands, but got no
  // response that autocannon counts: divide by the requests sent.
  const sent = results.reduce((sum, result) => sum + result.requests.sent, 0);
  const roundsRequestsPerSecond = results.map((result) => (result['2xx'] + result.non2xx) / result.duration);
  return {
    requestsPerSecond: median(roundsRequestsPerSecond),
    p50Ms: median(results.map((result) => result.latency.p50)),
    p99Ms: median(results.map((result) => result.latency.p99)),
    commandsPerRequest: sent ? commands / sent : Number.NaN,
    responses,
    failures: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
    roundsRequestsPerSecond,
  };
}
