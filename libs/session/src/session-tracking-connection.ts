import Redis from 'ioredis';

const INVALIDATION_CHANNEL = '__redis__:invalidate';

/** What a {@link SessionTrackingConnection} tells its listener. */
export interface TrackingEvents {
  /** Tracking is on: from now on every change of a session key on this node is heard. */
  tracking(): void;
  /** Tracking was on and is off now (connection closed, silent), or could not be turned on: changes may be missed. */
  lost(why: string): void;
  /** These keys changed on this node; `null`: everything did (`FLUSHALL`). */
  invalidated(keys: string[] | null): void;
}

/**
 * One connection to one Redis node with server-assisted client-side caching on, over RESP2 so
 * that it needs no RESP3 push support from the client: `CLIENT TRACKING` in broadcast mode for
 * the session key prefix, redirected to itself, and a subscription to `__redis__:invalidate`.
 * The node then sends it the name of every session key that changes on it, is deleted or
 * expires, whoever changed it, before it answers the command that changed it.
 *
 * It reconnects by itself (the connection's own retry strategy) and turns tracking on again
 * each time.
 */
export class SessionTrackingConnection {
  // Each connection gets its own number, so a late answer from an earlier one changes nothing.
  private connectionNumber = 0;
  private closed = false;
  private tracking = false;
  private heardAsOf = 0;

  /**
   * @param connection a connection of its own, made with {@link trackingConnectionOptions}
   */
  constructor(
    private readonly connection: Redis,
    private readonly keyPrefix: string,
    private readonly events: TrackingEvents,
  ) {
    connection.on('ready', () => void this.startTracking());
    connection.on('close', () => this.lose('the connection closed'));
    // The shared client logs outages already; the listener says what they mean for the cache.
    connection.on('error', () => undefined);
    connection.on('messageBuffer', (channel: Buffer, keys: Buffer[] | Buffer | null) => {
      if (channel.toString() !== INVALIDATION_CHANNEL) return;
      // A null message means FLUSHALL / FLUSHDB: everything changed.
      events.invalidated(keys === null ? null : Array.isArray(keys) ? keys.map(String) : [keys.toString()]);
    });
  }

  /** Tracking is on for the current connection. */
  get isTracking(): boolean {
    return this.tracking;
  }

  /** When the last answered heartbeat was sent (or tracking was turned on): every change before it was heard. */
  get freshAsOf(): number {
    return this.heardAsOf;
  }

  /**
   * Sends a heartbeat (`PING`, which a subscribed RESP2 connection may send) sent at `sentAtMs`.
   * Its answer comes after every invalidation the node sent before it, so once it is answered,
   * every change made before `sentAtMs` has been heard. Resolves whether it was answered on the
   * connection that was tracking when it was sent.
   */
  async heartbeat(sentAtMs: number): Promise<boolean> {
    if (!this.tracking) return false;
    const current = this.connectionNumber;
    const answered = await this.connection.ping().then(
      () => current === this.connectionNumber && this.tracking,
      () => false,
    );
    if (answered && sentAtMs > this.heardAsOf) this.heardAsOf = sentAtMs;
    return answered;
  }

  /** Drops the connection (silent for too long although connected) and starts over on a new one. */
  restart(why: string): void {
    this.lose(why);
    this.connection.disconnect(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connectionNumber++;
    this.tracking = false;
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async startTracking(): Promise<void> {
    const current = ++this.connectionNumber;
    try {
      const id = await this.connection.client('ID');
      await this.connection.client('TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST', 'PREFIX', this.keyPrefix);
      await this.connection.subscribe(INVALIDATION_CHANNEL);
      if (current !== this.connectionNumber || this.closed) return;
      this.tracking = true;
      this.heardAsOf = Date.now();
      this.events.tracking();
    } catch (error) {
      if (current !== this.connectionNumber || this.closed) return;
      const why = `tracking could not be turned on (${(error as Error).message})`;
      // Said although nothing was lost: a Redis that refuses tracking (an ACL) is not silent.
      this.events.lost(why);
      this.restart(why);
    }
  }

  private lose(why: string): void {
    this.connectionNumber++;
    // A connection that never turned tracking on lost nothing (a node still down, retried).
    const wasTracking = this.tracking;
    this.tracking = false;
    if (wasTracking && !this.closed) this.events.lost(why);
  }
}

/**
 * What a tracking connection needs on top of the shared client's options: invalidations reach a
 * redirected RESP2 connection as Pub/Sub messages (ioredis drops the RESP3 `invalidate` push
 * frames); after a reconnect tracking must be turned on again before subscribing, so no
 * automatic resubscription; and no offline queue, so a heartbeat fails at once while it is down.
 */
export function trackingConnectionOptions(connectionName: string | undefined) {
  return {
    connectionName: connectionName ? `${connectionName}:invalidations` : undefined,
    protocol: 2,
    autoResubscribe: false,
    enableOfflineQueue: false,
  } as const;
}
