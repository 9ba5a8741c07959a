import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { Cluster } from 'ioredis';
import { RedisClient } from '@app/redis';
import { SessionNearCache } from './session-near-cache';
import { SessionTrackingConnection, trackingConnectionOptions } from './session-tracking-connection';

/** How often the connections are checked; the cache serves only while the last check is recent. */
export const HEARTBEAT_INTERVAL_MS = 250;
/** Longest silence from Redis during which the cache still serves (see {@link SessionNearCache}). */
export const MAX_SILENCE_MS = 1000;

// A cluster client's events after which its slot map may name other nodes.
const SLOT_MAP_EVENTS = ['+node', '-node', 'refresh'] as const;

/**
 * Keeps a {@link SessionNearCache} in step with Redis through a {@link SessionTrackingConnection}
 * to every node a session write can reach: the one Redis (behind Sentinel, a connection that
 * follows the master), or every node of a cluster's slot map, masters and replicas.
 *
 * Broadcast tracking costs Redis no memory per cached key and reads need not be tracked, at the
 * price of hearing about every session write (sign-ins, touches, sign-outs), cached here or not.
 *
 * On a cluster, a key's invalidations come from the master that owns its slot, and again from
 * each of its replicas as they apply the write. Replicas are tracked so that when one is
 * promoted, tracking is on there before it takes its first write, whenever this replica reads
 * the new slot map. Whenever the slot map names a node not tracked yet (a new master, a replica
 * that was unknown), the cache is emptied and serves nothing until tracking is on there.
 *
 * The cache is emptied and stops serving as soon as any of these connections closes or one goes
 * unanswered for {@link MAX_SILENCE_MS} (a killed master: its connection closes before its
 * replica can be promoted), and starts again, empty, once every one is tracking again.
 *
 * @publicApi
 */
export class SessionInvalidationListener implements OnApplicationShutdown {
  // By node address (`host:port`); `''` for the one connection of a single Redis or Sentinel.
  private readonly nodes = new Map<string, SessionTrackingConnection>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly logger = new Logger('SessionNearCache');
  private readonly followSlotMap = (): void => this.trackSlotMap();
  private lostLogged = false;
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly cache: SessionNearCache,
    private readonly keyPrefix: string,
  ) {
    if (redis instanceof Cluster) {
      for (const event of SLOT_MAP_EVENTS) redis.on(event, this.followSlotMap);
      this.trackSlotMap();
    } else {
      this.nodes.set('', this.track('', redis.duplicate(trackingConnectionOptions(redis.options.connectionName))));
    }
    this.heartbeat = setInterval(() => this.checkNodes(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const event of SLOT_MAP_EVENTS) this.redis.off(event, this.followSlotMap);
    this.cache.disable();
    await Promise.all([...this.nodes.values()].map((node) => node.close()));
  }

  /** Tracks exactly the nodes of the cluster client's slot map; any change empties the cache. */
  private trackSlotMap(): void {
    const cluster = this.redis as Cluster;
    if (this.closed) return;
    const current = new Map(cluster.nodes('all').map((node) => [`${node.options.host}:${node.options.port}`, node]));
    let changed = false;
    for (const [address, node] of this.nodes) {
      if (current.has(address)) continue;
      this.nodes.delete(address);
      void node.close();
      changed = true;
    }
    for (const [address, node] of current) {
      if (this.nodes.has(address)) continue;
      const { redisOptions } = cluster.options;
      const connection = new Redis({
        ...redisOptions,
        host: node.options.host,
        port: node.options.port,
        ...trackingConnectionOptions(redisOptions?.connectionName),
      });
      this.nodes.set(address, this.track(address, connection));
      changed = true;
    }
    if (!changed) return;
    // Entries read while a node was not tracked may miss its changes; a node gone is tracked no more.
    this.cache.disable();
    this.enableIfEveryNodeTracks();
  }

  private track(address: string, connection: Redis): SessionTrackingConnection {
    const node = address ? ` (${address})` : '';
    return new SessionTrackingConnection(connection, this.keyPrefix, {
      tracking: () => this.enableIfEveryNodeTracks(),
      lost: (why) => this.lose(`${why}${node}`),
      invalidated: (keys) => (keys === null ? this.cache.clear() : this.cache.invalidate(keys)),
    });
  }

  private enableIfEveryNodeTracks(): void {
    const nodes = [...this.nodes.values()];
    if (this.closed || nodes.length === 0 || !nodes.every((node) => node.isTracking)) return;
    this.cache.enable();
    if (this.lostLogged) this.logger.log('invalidations are back: the near cache serves again');
    this.lostLogged = false;
  }

  private checkNodes(): void {
    const sentAt = Date.now();
    for (const node of this.nodes.values()) {
      if (!node.isTracking || sentAt - node.freshAsOf <= MAX_SILENCE_MS) continue;
      // Silent for too long although connected: start over on a new connection.
      node.restart(`Redis did not answer a heartbeat within ${MAX_SILENCE_MS} ms`);
    }
    const nodes = [...this.nodes.values()];
    const everyNodeTracks = nodes.length > 0 && nodes.every((node) => node.isTracking);
    // A node of the slot map is out of reach (a killed master, until its replica takes over and
    // the map no longer names it): read the map again rather than wait for a command to fail on
    // it, so the cache serves again as soon as the cluster is whole.
    if (!everyNodeTracks && this.redis instanceof Cluster && this.redis.status === 'ready') {
      this.redis.refreshSlotsCache();
    }
    // Every tracking node gets its heartbeat, so one that waited for another is not taken for silent.
    void Promise.all(nodes.map((node) => node.heartbeat(sentAt))).then(
      (answered) => everyNodeTracks && answered.every(Boolean) && this.cache.confirmFresh(sentAt),
    );
  }

  private lose(why: string): void {
    this.cache.disable();
    if (this.closed || this.lostLogged) return;
    this.lostLogged = true;
    this.logger.warn(`${why}: the near cache is off until it is back`);
  }
}
