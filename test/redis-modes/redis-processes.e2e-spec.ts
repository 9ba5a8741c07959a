import { Logger } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { createRedisClient, RedisClient } from '@app/redis';
import { hasExited, RedisDeployment, startRedisDeployment } from '@app/stack';
import { untilReplicated } from '../support/replicated';

// The harness itself: each mode starts, serves through the apps' own client factory, survives
// the loss of its master, and leaves no process behind.
const quietLogger = new Logger('Redis');
quietLogger.log = () => undefined;
quietLogger.error = () => undefined;

describe('Redis processes for each mode', () => {
  let deployment: RedisDeployment | undefined;
  let client: RedisClient | undefined;

  afterEach(async () => {
    client?.disconnect();
    client = undefined;
    await deployment?.stop();
    deployment = undefined;
  });

  const allProcesses = (d: RedisDeployment) =>
    [...(d.sentinel?.dataNodes ?? []), ...(d.sentinel?.sentinels ?? []), ...(d.cluster?.nodes ?? [])].map(
      (server) => server.process,
    );

  it('Sentinel: 1 master, 2 replicas, 3 sentinels; a killed master is replaced and the client follows', async () => {
    const d = (deployment = await startRedisDeployment('sentinel'));
    expect(d.sentinel!.dataNodes).toHaveLength(3);
    expect(d.sentinel!.sentinels).toHaveLength(3);
    const master = await d.sentinel!.master();
    expect(master).toBe(d.sentinel!.dataNodes[0]);

    client = createRedisClient(
      { sentinel: { sentinels: d.env.REDIS_SENTINELS.split(',').map(address), masterName: d.env.REDIS_SENTINEL_NAME } },
      quietLogger,
    );
    await until(() => client!.status === 'ready');
    await client.set('before', '1');
    await client.wait(1, 1000);

    await master.kill();
    const started = Date.now();
    const next = await d.sentinel!.waitForNewMaster(master);
    expect(next).not.toBe(master);
    await until(async () => (await client!.get('before').catch(() => null)) === '1');
    process.stdout.write(`sentinel failover seen by the client ${Date.now() - started} ms after the kill\n`);
    await expect(client.set('after', '1')).resolves.toBe('OK');

    const processes = allProcesses(d);
    await d.stop();
    deployment = undefined;
    expect(processes.every(hasExited)).toBe(true);
  });

  it('Cluster: 3 masters, 3 replicas; keys of every slot; a killed master is replaced and the client follows', async () => {
    const d = (deployment = await startRedisDeployment('cluster'));
    expect(d.cluster!.nodes).toHaveLength(6);
    expect(await d.cluster!.masters()).toHaveLength(3);

    client = createRedisClient({ cluster: { nodes: d.env.REDIS_CLUSTER_NODES.split(',').map(address) } }, quietLogger);
    expect(client).toBeInstanceOf(Cluster);
    await until(() => client!.status === 'ready');
    const keys = Array.from({ length: 30 }, (_, index) => `key-${index}`);
    for (const key of keys) await client.set(key, key);

    const victim = await d.cluster!.masterOf('key-0');
    await untilReplicated(victim, 'key-0');
    await victim.kill();
    const started = Date.now();
    await d.cluster!.waitUntilHealthy();
    await until(async () => (await client!.get('key-0').catch(() => null)) === 'key-0');
    process.stdout.write(`cluster failover seen by the client ${Date.now() - started} ms after the kill\n`);
    expect(await d.cluster!.masters()).toHaveLength(3);

    const processes = allProcesses(d);
    await d.stop();
    deployment = undefined;
    expect(processes.every(hasExited)).toBe(true);
  });
});

function address(entry: string): { host: string; port: number } {
  const [host, port] = entry.split(':');
  return { host, port: Number(port) };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
