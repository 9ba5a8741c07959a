import { ChainableCommander, Cluster } from 'ioredis';
import { RedisNotReplicatedError } from './redis-not-replicated.error';
import type { RedisClient } from './redis-client.type';

const MAX_REDIRECTIONS = 4;

/**
 * How many replicas must acknowledge a write that must survive a failover, and how long the
 * master may wait for them (`WAIT numreplicas timeout`).
 *
 * @publicApi
 */
export interface ReplicaWait {
  replicas: number;
  timeoutMs: number;
}

/**
 * Sends the commands `write` queues, then `WAIT`, as one pipeline: one round trip, and on a
 * cluster the node of the commands' keys (all of one slot), which is the node `WAIT` must ask.
 * Resolves to the commands' replies; rejects with the first command's error, or with
 * {@link RedisNotReplicatedError} when fewer than `wait.replicas` acknowledged in time. With
 * `wait` null (a single Redis has no replica to wait for), sends the commands alone.
 *
 * @publicApi
 */
export async function writeAndWaitForReplicas(
  client: RedisClient,
  wait: ReplicaWait | null,
  write: (pipeline: ChainableCommander) => void,
): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    const pipeline = client.pipeline();
    write(pipeline);
    const commands = pipeline.length;
    if (wait) pipeline.wait(wait.replicas, wait.timeoutMs);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error)?.[0];
    // After a cluster failover a write may reach a node that no longer serves its slot: that
    // node did not run it (nor would its WAIT count). ioredis retries a pipeline only when every
    // reply is the same redirection, and WAIT's is not: learn the new slot map and send again.
    if (failed && client instanceof Cluster && /^(MOVED|ASK) /.test(failed.message) && attempt < MAX_REDIRECTIONS) {
      await new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
      continue;
    }
    if (failed) throw failed;
    return repliesOf(results, commands, wait);
  }
}

function repliesOf(results: [Error | null, unknown][], commands: number, wait: ReplicaWait | null): unknown[] {
  if (wait) {
    const acknowledged = Number(results[commands][1]);
    if (acknowledged < wait.replicas) throw new RedisNotReplicatedError(acknowledged, wait.replicas);
  }
  return results.slice(0, commands).map(([, reply]) => reply);
}
