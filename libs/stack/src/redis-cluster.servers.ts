import { once } from 'node:events';
import { Cluster } from 'ioredis';
import { spawnChild } from './child-process';
import { freePorts } from './free-port';
import { OutputTail } from './output-tail';
import { pollUntil } from './poll-until';
import { RedisServer, startRedisServer } from './redis-server.process';
import { askRedis } from './ask-redis';

const READY_TIMEOUT_MS = 20_000;
const SLOTS = 16384;

/** @publicApi */
export interface RedisClusterServersOptions {
  /** Masters, each with a share of the slots. Default: 3 (the fewest Redis Cluster accepts). */
  masters?: number;
  /** Replicas of each master. Default: 1. */
  replicasPerMaster?: number;
  /** `cluster-node-timeout`: how long a master may be silent before its replica takes over. Default: 1000. */
  nodeTimeoutMs?: number;
  /** Turns on the append-only file of every node. */
  appendOnly?: boolean;
  /** More `redis-server` arguments for every node. */
  extraArgs?: string[];
  /** Forwards every node's output behind `[cluster-N]` prefixes. */
  forwardOutput?: boolean;
}

/**
 * A Redis Cluster of private `redis-server` processes on free loopback ports.
 *
 * @publicApi
 */
export interface RedisClusterServers {
  /** Every node, masters and replicas, in the order they were started. */
  readonly nodes: readonly RedisServer[];
  /** `REDIS_CLUSTER_NODES`, to point the apps at this cluster. */
  readonly env: Record<string, string>;
  /** The nodes that are masters now (from `CLUSTER NODES` of a live node). */
  masters(): Promise<RedisServer[]>;
  /** The master that serves `key` now. */
  masterOf(key: string): Promise<RedisServer>;
  /** The live replicas of `master` now. */
  replicasOf(master: RedisServer): Promise<RedisServer[]>;
  /**
   * Resolves once every slot is served by a live master and every live node says the cluster
   * is ok: after a master was killed, its replica has taken over.
   */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** A cluster client (the caller disconnects it). */
  connect(): Cluster;
  /** Stops every node. */
  stop(): Promise<void>;
}

interface NodeLine {
  id: string;
  /** The id of its master, for a replica. */
  masterId: string | null;
  port: number;
  master: boolean;
  failed: boolean;
  slots: number;
}

/** The lines of `CLUSTER NODES`: each node's port, role, health and how many slots it serves. */
function parseClusterNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId, , , , , ...ranges] = line.split(' ');
      const slots = ranges
        .filter((range) => !range.startsWith('['))
        .reduce((sum, range) => {
          const [from, to = from] = range.split('-').map(Number);
          return sum + to - from + 1;
        }, 0);
      return {
        id,
        masterId: masterId === '-' ? null : masterId,
        port: Number(address.split('@')[0].split(':').pop()),
        master: flags.split(',').includes('master'),
        failed: /\bfail\b|fail\?/.test(flags),
        slots,
      };
    });
}

class ClusterServers implements RedisClusterServers {
  readonly env: Record<string, string>;

  constructor(readonly nodes: RedisServer[]) {
    this.env = { REDIS_CLUSTER_NODES: nodes.map((node) => `127.0.0.1:${node.port}`).join(',') };
  }

  async masters(): Promise<RedisServer[]> {
    const lines = await this.nodeLines();
    return lines
      .filter((line) => line.master && !line.failed && line.slots > 0)
      .map((line) => this.nodes.find((node) => node.port === line.port)!)
      .filter((node) => node !== undefined);
  }

  async replicasOf(master: RedisServer): Promise<RedisServer[]> {
    const lines = await this.nodeLines();
    const masterId = lines.find((line) => line.port === master.port)?.id;
    const live = this.liveNodes();
    return lines
      .filter((line) => line.masterId === masterId && !line.failed)
      .map((line) => live.find((node) => node.port === line.port))
      .filter((node) => node !== undefined);
  }

  async masterOf(key: string): Promise<RedisServer> {
    for (const node of this.liveNodes()) {
      const slot = await askRedis(node.port, (client) => client.cluster('KEYSLOT', key)).catch(() => null);
      if (slot === null) continue;
      const shards = await askRedis(node.port, (client) => client.cluster('SLOTS'));
      const shard = shards.find(([from, to]) => slot >= from && slot <= to);
      const found = this.nodes.find((candidate) => candidate.port === shard?.[2]?.[1]);
      if (found) return found;
    }
    throw new Error(`no live node knows the master of ${key}`);
  }

  async waitUntilHealthy(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const result = await pollUntil(() => this.isHealthy(), { timeoutMs, intervalMs: 50, abandon: () => false });
    if (result !== 'ready') throw new Error(`the cluster was not healthy within ${timeoutMs} ms`);
  }

  connect(): Cluster {
    return new Cluster(this.liveNodes().map((node) => ({ host: '127.0.0.1', port: node.port })));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }

  async isHealthy(): Promise<boolean> {
    const live = this.liveNodes();
    for (const node of live) {
      const info = String(await askRedis(node.port, (client) => client.cluster('INFO')));
      if (!/cluster_state:ok/.test(info) || !new RegExp(`cluster_slots_ok:${SLOTS}\\b`).test(info)) return false;
    }
    // Every replica is in sync: a replica that never was cannot take over from its master.
    for (const node of live) {
      const replication = await askRedis(node.port, (client) => client.info('replication'));
      if (/role:slave/.test(replication) && !/master_link_status:up/.test(replication)) return false;
    }
    // Every live node agrees that only live nodes serve slots.
    for (const node of live) {
      const lines = parseClusterNodes(String(await askRedis(node.port, (client) => client.cluster('NODES'))));
      const serving = lines.filter((line) => line.master && line.slots > 0);
      if (serving.some((line) => line.failed || !live.some((candidate) => candidate.port === line.port))) return false;
      if (serving.reduce((sum, line) => sum + line.slots, 0) !== SLOTS) return false;
    }
    return true;
  }

  private liveNodes(): RedisServer[] {
    return this.nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
  }

  private async nodeLines(): Promise<NodeLine[]> {
    for (const node of this.liveNodes()) {
      const text = await askRedis(node.port, (client) => client.cluster('NODES')).catch(() => null);
      if (text !== null) return parseClusterNodes(String(text));
    }
    throw new Error('no cluster node answers');
  }
}

/** Runs `redis-cli --cluster create` over the nodes, and fails with its output if it fails. */
async function createCluster(nodes: readonly RedisServer[], replicasPerMaster: number): Promise<void> {
  const child = spawnChild(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      String(replicasPerMaster),
      '--cluster-yes',
    ],
    {},
  );
  const output = new OutputTail(child, { label: 'redis-cli', forward: false });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`redis-cli --cluster create failed (${code}):\n${output}`);
}

/**
 * Starts `masters × (1 + replicasPerMaster)` nodes with `--cluster-enabled yes`, joins them
 * with `redis-cli --cluster create`, and resolves once every slot is served and every node says
 * the cluster is ok. When any part fails to start, whatever did start is stopped.
 *
 * @publicApi
 */
export async function startRedisClusterServers(options: RedisClusterServersOptions = {}): Promise<RedisClusterServers> {
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  const count = masters * (1 + replicasPerMaster);
  // Each node's bus port chosen free too: by default it is the port + 10000, which another
  // process may hold, and the node then aborts.
  const ports = await freePorts(count * 2);
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      startRedisServer({
        port: ports[2 * index],
        appendOnly: options.appendOnly,
        forwardOutput: options.forwardOutput,
        label: `cluster-${index + 1}`,
        extraArgs: [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(ports[2 * index + 1]),
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          String(options.nodeTimeoutMs ?? 1000),
          // A replica syncs at once rather than after the default 5 s wait for more replicas.
          '--repl-diskless-sync-delay',
          '0',
          ...(options.extraArgs ?? []),
        ],
      }),
    ),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await createCluster(nodes, replicasPerMaster);
    const servers = new ClusterServers(nodes);
    await servers.waitUntilHealthy();
    return servers;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
}
