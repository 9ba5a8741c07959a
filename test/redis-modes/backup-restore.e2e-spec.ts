import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'fastify';
import Redis from 'ioredis';
import { createRedisClient } from '@app/redis';
import { RedisSessionStore } from '@app/session';
import { resolveSessionOptions } from '@app/session/resolve-session-options';
import { SESSION_CREDENTIAL_VERSION } from '@app/session/session-credential-version';
import { generateSessionId } from '@app/session/session-id';
import { pollUntil, RedisServer, startRedisServer } from '@app/stack';

// The backup procedure of docs/redis.md, run for real: BGSAVE, copy dump.rdb, start a fresh
// redis-server on the copy, and the sessions saved before the backup are served from it.
const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;
const options = resolveSessionOptions({ secrets: ['a-test-secret-that-is-long-enough-123456'] });

describe('backup and restore (real redis-server processes)', () => {
  const servers: RedisServer[] = [];
  const clients: Redis[] = [];

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('restores every session of a BGSAVE copy into a fresh Redis', async () => {
    const original = await startRedisServer({ appendOnly: true });
    servers.push(original);
    const client = createRedisClient({ url: original.url }, silentLogger);
    clients.push(client);
    await new Promise((resolve) => client.once('ready', resolve));
    const store = new RedisSessionStore(client, options);
    const ids = Array.from({ length: 50 }, (_, index) => {
      const userId = `backup-${index}`;
      return { userId, id: generateSessionId(userId) };
    });
    for (const { userId, id } of ids) {
      await store.save(id, {
        user: { id: userId, email: `${userId}@example.com`, roles: ['user'] },
        [SESSION_CREDENTIAL_VERSION]: 0,
      } as unknown as Session);
    }

    // The backup: BGSAVE, wait until it has finished, copy the file.
    const before = await client.lastsave();
    await client.bgsave();
    const saved = await pollUntil(async () => (await client.lastsave()) > before || (await bgsaveDone(client)), {
      timeoutMs: 10_000,
      intervalMs: 50,
      abandon: () => false,
    });
    expect(saved).toBe('ready');
    const backupDir = mkdtempSync(join(tmpdir(), 'redis-backup-'));
    copyFileSync(join(original.dir, 'dump.rdb'), join(backupDir, 'dump.rdb'));

    // The restore: a fresh redis-server started on the copy (no AOF, so it loads dump.rdb).
    const restored = await startRedisServer({ dir: backupDir });
    servers.push(restored);
    const restoredClient = createRedisClient({ url: restored.url }, silentLogger);
    clients.push(restoredClient);
    await new Promise((resolve) => restoredClient.once('ready', resolve));
    const restoredStore = new RedisSessionStore(restoredClient, options);
    for (const { userId, id } of ids) {
      await expect(restoredStore.load(id)).resolves.toMatchObject({ user: { id: userId } });
    }
    expect(await restoredClient.dbsize()).toBe(await client.dbsize());
  });
});

async function bgsaveDone(client: Redis): Promise<boolean> {
  const persistence = await client.info('persistence');
  return /rdb_bgsave_in_progress:0/.test(persistence) && /rdb_last_bgsave_status:ok/.test(persistence);
}
