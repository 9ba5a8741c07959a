import Redis from 'ioredis';

// The bench's own reads of the counters.
const OBSERVER_COMMANDS = new Set(['info']);

/**
 * Every command Redis has run so far, from `INFO commandstats` (commands run by scripts count
 * under their own names too), less the bench's own `INFO`s. Unlike the test helper of
 * `@app/stack`, it counts `PING` and `CLIENT` subcommands: a replica's heartbeat is work too.
 */
export async function commandsSoFar(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (!OBSERVER_COMMANDS.has(match[1])) total += Number(match[2]);
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

/** CPU time Redis has used so far (user + system, main thread and others), in microseconds. */
export async function redisCpuMicros(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
}
