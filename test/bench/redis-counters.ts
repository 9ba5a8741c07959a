import Redis, { Cluster } from 'ioredis';

// The bench's own reads of the counters, and a cluster's replicas' acknowledgements to their
// masters (Redis's own machinery, once a second; no app sends them).
const OBSERVER_COMMANDS = new Set(['info', 'replconf']);

/** `INFO <section>` of the one Redis, or of every master of a cluster (where the apps' commands run). */
const infosOf = (redis: Redis | Cluster, section: string): Promise<string[]> =>
  Promise.all((redis instanceof Cluster ? redis.nodes('master') : [redis]).map((node) => node.info(section)));

/**
 * Every command Redis has run so far, from `INFO commandstats` (commands run by scripts count
 * under their own names too), less the bench's own `INFO`s; of a cluster, summed over its
 * masters. Unlike the test helper of `@app/stack`, it counts `PING` and `CLIENT` subcommands: a
 * replica's heartbeat is work too.
 */
export async function commandsSoFar(redis: Redis | Cluster): Promise<number> {
  let total = 0;
  for (const info of await infosOf(redis, 'commandstats')) {
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (!OBSERVER_COMMANDS.has(match[1])) total += Number(match[2]);
    }
  }
  return total;
}

/** `used_memory` from `INFO memory`, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

/** CPU time Redis has used so far (user + system, main thread and others; of a cluster, its masters), in microseconds. */
export async function redisCpuMicros(redis: Redis | Cluster): Promise<number> {
  let seconds = 0;
  for (const info of await infosOf(redis, 'cpu')) {
    for (const name of ['used_cpu_user', 'used_cpu_sys']) {
      seconds += Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    }
  }
  return Math.round(seconds * 1e6);
}
