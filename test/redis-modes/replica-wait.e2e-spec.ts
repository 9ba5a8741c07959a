import { Session } from 'fastify';
import { createRedisClient, isRedisUnavailableError, RedisClient, RedisNotReplicatedError } from '@app/redis';
import { RedisSessionStore } from '@app/session';
import { resolveSessionOptions } from '@app/session/resolve-session-options';
import { SESSION_CREDENTIAL_VERSION } from '@app/session/session-credential-version';
import { generateSessionId } from '@app/session/session-id';
import { RedisDeployment, startRedisDeployment } from '@app/stack';

// The WAIT rule on real processes: sign-ins, sign-outs and revocations are acknowledged only
// once a replica has them, so a failover right after cannot bring a revoked session back.
const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined } as never;
const SECRET = 'a-test-secret-that-is-long-enough-123456';
const REPLICA_WAIT = { replicas: 1, timeoutMs: 500 };
const SESSIONS = 200;

const signedIn = (userId: string): Session =>
  ({
    user: { id: userId, email: `${userId}@example.com`, roles: ['user'] },
    [SESSION_CREDENTIAL_VERSION]: 0,
  }) as unknown as Session;

/** Retries `attempt` while Redis is unavailable (a failover under way), up to 20 s. */
async function whenAvailable<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRedisUnavailableError(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function clientOf(deployment: RedisDeployment): RedisClient {
  const addresses = (list: string) =>
    list.split(',').map((entry) => ({ host: entry.split(':')[0], port: Number(entry.split(':')[1]) }));
  return deployment.mode === 'sentinel'
    ? createRedisClient(
        {
          sentinel: {
            sentinels: addresses(deployment.env.REDIS_SENTINELS),
            masterName: deployment.env.REDIS_SENTINEL_NAME,
          },
        },
        silentLogger,
      )
    : createRedisClient({ cluster: { nodes: addresses(deployment.env.REDIS_CLUSTER_NODES) } }, silentLogger);
}

describe.each(['sentinel', 'cluster'] as const)('the WAIT rule behind %s (real processes)', (mode) => {
  let deployment: RedisDeployment;
  let client: RedisClient;
  let store: RedisSessionStore;

  beforeAll(async () => {
    deployment = await startRedisDeployment(mode);
    client = clientOf(deployment);
    await new Promise((resolve) => client.once('ready', resolve));
    store = new RedisSessionStore(client, resolveSessionOptions({ secrets: [SECRET], replicaWait: REPLICA_WAIT }));
  }, 60_000);

  afterAll(async () => {
    client?.disconnect();
    await deployment?.stop();
  });

  it(`${SESSIONS} revocations racing a master kill: no acknowledged revocation is lost`, async () => {
    const sessions = Array.from({ length: SESSIONS }, (_, index) => {
      const userId = `${mode}-racer-${index}`;
      return { userId, id: generateSessionId(userId) };
    });
    for (const { userId, id } of sessions) await whenAvailable(() => store.save(id, signedIn(userId)));
    // Each user's hash lives on the master of its slot: kill the one holding the first user.
    const victim =
      mode === 'sentinel'
        ? await deployment.sentinel!.master()
        : await deployment.cluster!.masterOf(store.userKeyOf(sessions[0].userId));

    const revocations = sessions.map(async ({ userId, id }, index) => {
      // Spread over the kill: some land before it, some during the failover, some after.
      await new Promise((resolve) => setTimeout(resolve, index * 2));
      try {
        return (await store.destroyForUser(userId, store.publicIdOf(id))) ? 'acknowledged' : 'not found';
      } catch (error) {
        if (isRedisUnavailableError(error)) return 'unavailable';
        throw error;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await victim.kill();
    const outcomes = await Promise.all(revocations);

    if (mode === 'sentinel') await deployment.sentinel!.waitForNewMaster(victim);
    else await deployment.cluster!.waitUntilHealthy();
    const usable: string[] = [];
    for (const [index, { id }] of sessions.entries()) {
      if (outcomes[index] !== 'acknowledged') continue;
      if ((await whenAvailable(() => store.load(id))) !== null) usable.push(id);
    }
    const count = (outcome: string) => outcomes.filter((candidate) => candidate === outcome).length;
    process.stdout.write(
      `${mode}: ${SESSIONS} revocations racing a master kill: ${count('acknowledged')} acknowledged, ` +
        `${count('unavailable')} answered unavailable, ${count('not found')} not found; ` +
        `${usable.length} acknowledged-revoked sessions usable afterwards\n`,
    );
    expect(count('acknowledged')).toBeGreaterThan(0);
    expect(count('not found')).toBe(0);
    expect(usable).toEqual([]);
  }, 60_000);

  it('no replica acknowledges in time: the revocation fails as unavailable (503), and is in effect on the master', async () => {
    const userId = `${mode}-lonely`;
    const id = generateSessionId(userId);
    await whenAvailable(() => store.save(id, signedIn(userId)));
    const key = store.userKeyOf(userId);
    const master = mode === 'sentinel' ? await deployment.sentinel!.master() : await deployment.cluster!.masterOf(key);
    // Its replicas stop answering (the other masters of a cluster go on, so it keeps its quorum).
    const replicas =
      mode === 'sentinel'
        ? deployment.sentinel!.dataNodes.filter((node) => node !== master && node.process.exitCode === null)
        : await deployment.cluster!.replicasOf(master);
    expect(replicas.length).toBeGreaterThan(0);
    for (const node of replicas) node.process.kill('SIGSTOP');
    try {
      const started = Date.now();
      const error = await store.destroyForUser(userId, store.publicIdOf(id)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisNotReplicatedError);
      expect(isRedisUnavailableError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(REPLICA_WAIT.timeoutMs + 1000);
      // Reads never wait: the session is already gone on the master.
      await expect(store.load(id)).resolves.toBeNull();
    } finally {
      for (const node of replicas) node.process.kill('SIGCONT');
    }
  }, 60_000);
});
