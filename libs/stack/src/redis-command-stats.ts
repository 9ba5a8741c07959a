import Redis, { Cluster } from 'ioredis';

// Commands a test or a benchmark issues itself to read the counters, and those Redis's own
// machinery sends a master all the time: sentinels' hello messages (PUBLISH) and replicas'
// acknowledgements (REPLCONF). The apps send none of them.
const OBSERVER_COMMANDS = new Set([
  'publish',
  'replconf',
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
 * Reads `INFO commandstats` as a map of command name to calls; of a cluster, summed over its
 * masters (replicas serve no reads here). Commands run by scripts count under their own names
 * too (an `EVALSHA` running `HSET` counts both).
 *
 * @publicApi
 */
export async function readCommandStats(redis: Redis | Cluster): Promise<Map<string, number>> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const infos = await Promise.all(nodes.map((node) => node.info('commandstats')));
  const stats = new Map<string, number>();
  for (const info of infos) {
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (!OBSERVER_COMMANDS.has(match[1])) stats.set(match[1], (stats.get(match[1]) ?? 0) + Number(match[2]));
    }
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
  redis: Redis | Cluster,
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
