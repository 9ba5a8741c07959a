import Redis from 'ioredis';
import type { RedisServer } from '@app/stack';

/**
 * Resolves once a replica of `master` has every write the master took so far. Before a test
 * kills a master: a write its replica has not received yet dies with it, and the test would
 * wait for it in vain (on a slow machine, a fixed pause is not enough). `WAIT` counts from its
 * connection's last write, so it first writes a key of its own in the slot of `key` (a key the
 * master serves, on a cluster), leaving `key` alone.
 */
export async function untilReplicated(master: RedisServer, key: string): Promise<void> {
  const direct = new Redis(master.url);
  try {
    await direct.set(`{${key}}:replicated`, '1');
    const replicas = await direct.wait(1, 10_000);
    if (replicas < 1) throw new Error(`No replica of ${master.url} acknowledged its writes within 10 s`);
  } finally {
    direct.disconnect();
  }
}
