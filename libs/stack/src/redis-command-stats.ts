import Redis from 'ioredis';

// Commands a test or a benchmark issues itself to read the counters.
const OBSERVER_COMMANDS = new Set([
  'info',
  'config|resetstat',
  'config',
  'ping',
  'client|setname',
  'client|setinfo',
  'hello',
  'select',
]);

/**
 * Reads `INFO commandstats` as a map of command name to calls. Commands run by scripts count
 * under their own names too (an `EVALSHA` running `HSET` counts both).
 *
 * @publicApi
 */
export async function readCommandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (!OBSERVER_COMMANDS.has(match[1])) stats.set(match[1], Number(match[2]));
  }
  return stats;
}

/**
 * Runs `work` and returns how many Redis commands it caused, by name and in total, from the
 * difference of two `INFO commandstats` readings.
 *
 * @publicApi
 */
export async function countRedisCommands(
  redis: Redis,
  work: () => Promise<unknown>,
): Promise<{ total: number; byCommand: Record<string, number> }> {
  const before = await readCommandStats(redis);
  await work();
  const after = await readCommandStats(redis);
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const [command, calls] of after) {
    const delta = calls - (before.get(command) ?? 0);
    if (delta > 0) {
      byCommand[command] = delta;
      total += delta;
    }
  }
  return { total, byCommand };
}
