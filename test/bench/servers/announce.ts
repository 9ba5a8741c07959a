/** The line a bench server prints once it listens; the harness waits for it. */
export const LISTENING_PREFIX = 'listening ';

/** The user every bench server signs in: the same data as a session of the auth app. */
export const BENCH_USER = {
  id: '6f1c1b8e-3a51-4d6e-9a0e-2f4f5d6c7b8a',
  email: 'bench@example.com',
  roles: ['user'],
};

/** Prints the server's URL for the harness, and closes the server on SIGTERM. */
export function announce(port: number, close: () => Promise<unknown>): void {
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}\n`);
  process.once('SIGTERM', () => {
    void close().finally(() => process.exit(0));
  });
}

/** `REDIS_URL` of the bench's private redis-server. */
export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set');
  return url;
}
