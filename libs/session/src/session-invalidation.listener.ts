import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { SessionNearCache } from './session-near-cache';

const INVALIDATION_CHANNEL = '__redis__:invalidate';

/** How often the connection is checked; the cache serves only while the last check is recent. */
export const HEARTBEAT_INTERVAL_MS = 250;
/** Longest silence from Redis during which the cache still serves (see {@link SessionNearCache}). */
export const MAX_SILENCE_MS = 1000;

/**
 * Keeps a {@link SessionNearCache} in step with Redis through server-assisted client-side
 * caching, over RESP2 so that it needs no RESP3 push support from the client: a dedicated
 * connection turns on `CLIENT TRACKING` in broadcast mode for the session key prefix,
 * redirected to itself, and subscribes to `__redis__:invalidate`. Redis then sends it the
 * name of every session key that changes, is deleted or expires, whoever changed it, before
 * it answers the command that changed it.
 *
 * Broadcast mode costs Redis no memory per cached key and reads need not be tracked, at the
 * price of hearing about every session write (sign-ins, touches, sign-outs), cached here or not.
 *
 * The cache is emptied and stops serving as soon as the connection closes or a heartbeat goes
 * unanswered for {@link MAX_SILENCE_MS}, and starts again, empty, once the connection is back
 * and tracking is on again.
 *
 * @publicApi
 */
export class SessionInvalidationListener implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly logger = new Logger('SessionNearCache');
  // Each connection gets its own number, so a late answer from an earlier one changes nothing.
  private connectionNumber = 0;
  // Tracking is on for the current connection and the cache is filling from it.
  private tracking = false;
  private lostLogged = false;
  private closed = false;

  constructor(
    redis: Redis,
    private readonly cache: SessionNearCache,
    private readonly keyPrefix: string,
  ) {
    const name = redis.options.connectionName;
    this.connection = redis.duplicate({
      connectionName: name ? `${name}:invalidations` : undefined,
      // Invalidations reach a redirected RESP2 connection as Pub/Sub messages; ioredis drops
      // the RESP3 `invalidate` push frames.
      protocol: 2,
      // After a reconnect tracking must be turned on again before subscribing (below).
      autoResubscribe: false,
      enableOfflineQueue: false,
    });
    this.connection.on('ready', () => void this.startTracking());
    this.connection.on('close', () => this.lose('the connection closed'));
    // The shared client logs outages already; this one only says what it means for the cache.
    this.connection.on('error', () => undefined);
    this.connection.on('messageBuffer', (channel: Buffer, keys: Buffer[] | Buffer | null) => {
      if (channel.toString() !== INVALIDATION_CHANNEL) return;
      // A null message means FLUSHALL / FLUSHDB: everything changed.
      if (keys === null) this.cache.clear();
      else this.cache.invalidate(Array.isArray(keys) ? keys.map(String) : [keys.toString()]);
    });
    this.heartbeat = setInterval(() => this.checkConnection(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.cache.disable();
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
      this.cache.enable();
      if (this.lostLogged) this.logger.log('invalidations are back: the near cache serves again');
      this.lostLogged = false;
    } catch (error) {
      if (current !== this.connectionNumber || this.closed) return;
      this.lose(`tracking could not be turned on (${(error as Error).message})`);
      this.connection.disconnect(true);
    }
  }

  private checkConnection(): void {
    if (!this.tracking) return;
    if (!this.cache.isServing()) {
      // Silent for too long although connected: start over on a new connection.
      this.lose(`Redis did not answer a heartbeat within ${MAX_SILENCE_MS} ms`);
      this.connection.disconnect(true);
      return;
    }
    const sentAt = Date.now();
    const current = this.connectionNumber;
    this.connection.ping().then(
      () => current === this.connectionNumber && this.cache.confirmFresh(sentAt),
      () => undefined,
    );
  }

  private lose(why: string): void {
    this.connectionNumber++;
    this.tracking = false;
    this.cache.disable();
    if (this.closed || this.lostLogged) return;
    this.lostLogged = true;
    this.logger.warn(`${why}: the near cache is off until it is back`);
  }
}
