import Redis from 'ioredis';

/**
 * Asks the Redis on a loopback `port` one question over a short-lived connection that gives up
 * at once (500 ms to connect or answer, no retry), for probes that poll.
 */
export async function askRedis<T>(port: number, question: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Refused connections are expected while a server starts; the caller's poll retries them.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await question(client);
  } finally {
    // After a refused connection the client has ended; disconnecting it again would leave a
    // 2 s timer waiting for a close that already happened.
    if (client.status !== 'end') client.disconnect();
  }
}
