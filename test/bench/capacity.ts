import autocannon from 'autocannon';
import Redis from 'ioredis';
import { startProjectStack } from './project-stack';
import { commandsSoFar, redisCpuMicros } from './redis-counters';

/** Each app's signed-in read: what every replica of it is loaded with. */
const READ_PATHS: Readonly<Record<string, string>> = { auth: '/auth/me', profile: '/profile', cart: '/cart' };

/** Every replica of a local stack loaded at once, and what it asked of Redis. */
export interface CapacityCheck {
  replicas: number;
  requestsPerSecond: number;
  /** Share of one core Redis used over the run (`INFO cpu`, user + system). */
  redisCoreShare: number;
  redisMicrosPerRequest: number;
  commandsPerRequest: number;
  failures: number;
}

/**
 * Starts `replicasPerApp` replicas of each app the bench loads (production defaults) on the
 * redis-server at `redisUrl`, signs in once, and loads every replica with its app's signed-in read
 * at the same time for `durationSeconds`, `connections` spread over them. It checks the capacity
 * estimate made from one row's Redis µs per request against Redis's CPU with the whole stack on it.
 */
export async function checkCapacity(
  redisUrl: string,
  options: { replicasPerApp: number; connections: number; durationSeconds: number },
): Promise<CapacityCheck> {
  const { stack, cookie } = await startProjectStack(redisUrl, {}, options.replicasPerApp);
  const redis = new Redis(redisUrl);
  try {
    const connections = Math.max(1, Math.floor(options.connections / stack.replicas.length));
    const load = (): Promise<autocannon.Result[]> =>
      Promise.all(
        stack.replicas.map((replica) =>
          autocannon({
            url: `${replica.url}${READ_PATHS[replica.app]}`,
            headers: { cookie },
            connections,
            duration: options.durationSeconds,
          }),
        ),
      );
    await load(); // warm-up: JIT, connections, the near cache's absence settled
    const [commandsBefore, cpuBefore, started] = [await commandsSoFar(redis), await redisCpuMicros(redis), Date.now()];
    const results = await load();
    const elapsedMicros = (Date.now() - started) * 1000;
    const [commands, cpu] = [(await commandsSoFar(redis)) - commandsBefore, (await redisCpuMicros(redis)) - cpuBefore];
    const sent = results.reduce((sum, result) => sum + result.requests.sent, 0);
    const answered = results.reduce((sum, result) => sum + result['2xx'] + result.non2xx, 0);
    return {
      replicas: stack.replicas.length,
      requestsPerSecond: answered / options.durationSeconds,
      redisCoreShare: cpu / elapsedMicros,
      redisMicrosPerRequest: cpu / sent,
      commandsPerRequest: commands / sent,
      failures: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
    };
  } finally {
    redis.disconnect();
    await stack.stop();
  }
}
