import { HttpClient } from './http-client';

/** What a run of steady load saw. */
export interface LoadResult {
  requests: number;
  /** Each request that did not get the expected status, or got no answer. */
  failures: string[];
  /** `X-Served-By` of every answer, counted. */
  servedBy: Map<string, number>;
}

/**
 * Keeps `concurrency` request loops busy over `clients` and `paths` (round-robin) until
 * `stop()` is called, then resolves what they saw. A request counts as failed unless its status
 * is `expectedStatus`. Every loop ends at its next request after `stop()`, so the load is
 * bounded, and a hard cap on requests bounds it even if nobody calls `stop()`.
 */
export function startSteadyLoad(options: {
  clients: HttpClient[];
  paths: string[];
  concurrency?: number;
  expectedStatus?: number;
  maxRequests?: number;
}): { stop(): Promise<LoadResult> } {
  const { clients, paths, concurrency = 8, expectedStatus = 200, maxRequests = 50_000 } = options;
  const result: LoadResult = { requests: 0, failures: [], servedBy: new Map() };
  let stopped = false;
  let next = 0;

  const loop = async (): Promise<void> => {
    while (!stopped && result.requests < maxRequests) {
      const index = next++;
      const client = clients[index % clients.length];
      const path = paths[index % paths.length];
      result.requests++;
      try {
        const response = await client.get(path);
        if (response.servedBy)
          result.servedBy.set(response.servedBy, (result.servedBy.get(response.servedBy) ?? 0) + 1);
        if (response.status !== expectedStatus)
          result.failures.push(
            `${path}: ${response.status} from ${response.servedBy} ${JSON.stringify(response.body)}`,
          );
      } catch (error) {
        result.failures.push(`${path}: ${(error as Error).message}`);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);

  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return result;
    },
  };
}
