import Redis from 'ioredis';
import { pollUntil } from './poll-until';
import { RedisServer, startRedisServer } from './redis-server.process';
import { askRedis } from './ask-redis';

const READY_TIMEOUT_MS = 20_000;

/** @publicApi */
export interface RedisSentinelServersOptions {
  /** The master's name in the sentinels' configuration. Default: `sessions`. */
  masterName?: string;
  /** Replicas of the master. Default: 2. */
  replicas?: number;
  /** Sentinels; a failover needs a majority of them. Default: 3. */
  sentinels?: number;
  /** How long the master may be silent before a sentinel thinks it down. Default: 1000. */
  downAfterMs?: number;
  /** Turns on the append-only file of the data nodes. */
  appendOnly?: boolean;
  /** More `redis-server` arguments for the data nodes. */
  extraArgs?: string[];
  /** Forwards every process's output behind `[redis-N]` and `[sentinel-N]` prefixes. */
  forwardOutput?: boolean;
}

/**
 * A master, its replicas and the sentinels that watch them, each a private `redis-server` on a
 * free loopback port.
 *
 * @publicApi
 */
export interface RedisSentinelServers {
  readonly masterName: string;
  /** The data nodes, the first master at the start. */
  readonly dataNodes: readonly RedisServer[];
  readonly sentinels: readonly RedisServer[];
  /** `REDIS_SENTINELS` and `REDIS_SENTINEL_NAME`, to point the apps at this set. */
  readonly env: Record<string, string>;
  /** The data node the sentinels name as master now. */
  master(): Promise<RedisServer>;
  /**
   * Resolves with the new master once a majority of the sentinels name a node other than
   * `previous` and that node answers as a master.
   */
  waitForNewMaster(previous: RedisServer, timeoutMs?: number): Promise<RedisServer>;
  /** A client of the current master through the sentinels (the caller disconnects it). */
  connect(): Redis;
  /** Stops every process (the sentinels first, so none starts a failover meanwhile). */
  stop(): Promise<void>;
}

class SentinelServers implements RedisSentinelServers {
  readonly env: Record<string, string>;

  constructor(
    readonly masterName: string,
    readonly dataNodes: RedisServer[],
    readonly sentinels: RedisServer[],
  ) {
    this.env = {
      REDIS_SENTINELS: sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(','),
      REDIS_SENTINEL_NAME: masterName,
    };
  }

  async master(): Promise<RedisServer> {
    for (const sentinel of this.sentinels) {
      const port = await this.masterPortSeenBy(sentinel).catch(() => null);
      const node = this.dataNodes.find((candidate) => candidate.port === port);
      if (node) return node;
    }
    throw new Error(`no sentinel names a master for ${this.masterName}`);
  }

  async waitForNewMaster(previous: RedisServer, timeoutMs = READY_TIMEOUT_MS): Promise<RedisServer> {
    let found: RedisServer | undefined;
    const result = await pollUntil(
      async () => {
        const ports = await Promise.all(
          this.sentinels.map((sentinel) => this.masterPortSeenBy(sentinel).catch(() => null)),
        );
        const port = ports.find((candidate) => candidate !== null && candidate !== previous.port);
        const agreeing = ports.filter((candidate) => candidate === port).length;
        const node = this.dataNodes.find((candidate) => candidate.port === port);
        if (!node || agreeing * 2 <= this.sentinels.length) return false;
        if ((await askRedis(node.port, (client) => client.role()))[0] !== 'master') return false;
        found = node;
        return true;
      },
      { timeoutMs, intervalMs: 50, abandon: () => false },
    );
    if (result !== 'ready' || !found) throw new Error(`no new master for ${this.masterName} within ${timeoutMs} ms`);
    return found;
  }

  connect(): Redis {
    return new Redis({
      sentinels: this.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })),
      name: this.masterName,
      maxRetriesPerRequest: 1,
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.sentinels.map((sentinel) => sentinel.stop()));
    await Promise.all(this.dataNodes.map((node) => node.stop()));
  }

  private async masterPortSeenBy(sentinel: RedisServer): Promise<number> {
    const reply = (await askRedis(sentinel.port, (client) =>
      client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.masterName),
    )) as [string, string];
    return Number(reply[1]);
  }

  /** The replicas are in sync, and each sentinel knows every replica and every other sentinel. */
  async isReady(): Promise<boolean> {
    const [master] = this.dataNodes;
    const replication = await askRedis(master.port, (client) => client.info('replication'));
    const online = replication.match(/^slave\d+:.*state=online/gm)?.length ?? 0;
    if (online < this.dataNodes.length - 1) return false;
    for (const sentinel of this.sentinels) {
      const [replicas, others] = (await askRedis(sentinel.port, (client) =>
        Promise.all([
          client.call('SENTINEL', 'REPLICAS', this.masterName),
          client.call('SENTINEL', 'SENTINELS', this.masterName),
        ]),
      )) as [unknown[], unknown[]];
      if (replicas.length < this.dataNodes.length - 1 || others.length < this.sentinels.length - 1) return false;
    }
    return true;
  }
}

/**
 * Starts a master, `replicas` replicas of it and `sentinels` sentinels watching it (quorum: a
 * majority), and resolves once the replicas are in sync and every sentinel knows the others and
 * every replica, so that killing the master leads to a failover. When any part fails to start,
 * whatever did start is stopped before the promise rejects.
 *
 * @publicApi
 */
export async function startRedisSentinelServers(
  options: RedisSentinelServersOptions = {},
): Promise<RedisSentinelServers> {
  const masterName = options.masterName ?? 'sessions';
  const replicaCount = options.replicas ?? 2;
  const sentinelCount = options.sentinels ?? 3;
  const downAfterMs = options.downAfterMs ?? 1000;
  const started: RedisServer[] = [];
  const start = async (serverOptions: Parameters<typeof startRedisServer>[0]): Promise<RedisServer> => {
    const server = await startRedisServer({ forwardOutput: options.forwardOutput, ...serverOptions });
    started.push(server);
    return server;
  };
  try {
    const dataNode = (index: number, extra: string[]) =>
      start({
        appendOnly: options.appendOnly,
        label: `redis-${index + 1}`,
        // A replica syncs at once rather than after the default 5 s wait for more replicas.
        extraArgs: [...extra, '--repl-diskless-sync-delay', '0', ...(options.extraArgs ?? [])],
      });
    const master = await dataNode(0, []);
    const replicas = await Promise.all(
      Array.from({ length: replicaCount }, (_, index) =>
        dataNode(index + 1, ['--replicaof', '127.0.0.1', String(master.port)]),
      ),
    );
    const quorum = Math.floor(sentinelCount / 2) + 1;
    const config = [
      `sentinel monitor ${masterName} 127.0.0.1 ${master.port} ${quorum}`,
      `sentinel down-after-milliseconds ${masterName} ${downAfterMs}`,
      // A failover that stalls is given up and retried after this long.
      `sentinel failover-timeout ${masterName} 10000`,
      `sentinel parallel-syncs ${masterName} ${replicaCount}`,
      '',
    ].join('\n');
    const sentinels = await Promise.all(
      Array.from({ length: sentinelCount }, (_, index) =>
        start({ sentinelConfig: config, label: `sentinel-${index + 1}` }),
      ),
    );
    const servers = new SentinelServers(masterName, [master, ...replicas], sentinels);
    const result = await pollUntil(() => servers.isReady(), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 100,
      abandon: () => false,
    });
    if (result !== 'ready')
      throw new Error(`the sentinels did not see every replica and each other within ${READY_TIMEOUT_MS / 1000} s`);
    return servers;
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    throw error;
  }
}
