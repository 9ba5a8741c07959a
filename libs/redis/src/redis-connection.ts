import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client.type';

/**
 * Resolves `true` once the client is ready for commands, or `false` when `timeoutMs` passes
 * first. The client goes on reconnecting either way; this only says whether it made it in time.
 *
 * @publicApi
 */
export function untilRedisReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', ready);
      resolve(false);
    }, timeoutMs);
    const ready = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', ready);
  });
}

/** Where the client connects, for messages: `host:port`, the sentinels' master, or the cluster. */
export function redisAddressOf(client: RedisClient): string {
  if (client instanceof Cluster) {
    const nodes = client.nodes('master').map((node) => `${node.options.host}:${node.options.port}`);
    return `Redis Cluster${nodes.length ? ` (masters ${nodes.join(', ')})` : ''}`;
  }
  const { host, port, path, sentinels, name } = client.options;
  if (sentinels?.length) {
    return `master ${name} via sentinels ${sentinels.map((sentinel) => `${sentinel.host}:${sentinel.port}`).join(', ')}`;
  }
  return path ?? `${host}:${port}`;
}
