import type Redis from 'ioredis';

/**
 * Resolves `true` once the client is ready for commands, or `false` when `timeoutMs` passes
 * first. The client goes on reconnecting either way; this only says whether it made it in time.
 *
 * @publicApi
 */
export function untilRedisReady(client: Redis, timeoutMs: number): Promise<boolean> {
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

/** `host:port` of the Redis the client connects to, for messages. */
export function redisAddressOf(client: Redis): string {
  const { host, port, path } = client.options;
  return path ?? `${host}:${port}`;
}
