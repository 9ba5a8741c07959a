/** The fields of a session record as `HGETALL` returns them. */
export type SessionRecordFields = Record<string, string>;

/** A read of a record from Redis, begun while the cache could still take its answer. */
export interface PendingRead {
  readonly key: string;
  readonly generation: number;
  /** Set when the key changed while the read was on its way: its answer may be stale. */
  invalidated: boolean;
}

/**
 * A replica's copy of recently used session records, by Redis key, kept correct by Redis's
 * invalidation messages (see {@link SessionInvalidationListener}). It holds at most
 * `maxEntries` records and drops the least recently used first.
 *
 * It serves nothing unless the listener has said it is in step with Redis: after a
 * {@link disable} (connection lost) everything is dropped, and after {@link enable} it fills
 * again from reads begun from then on only. A read whose key changed while the read was on
 * its way is answered but not kept, since its answer and the invalidation travel on
 * different connections and may arrive in either order.
 *
 * @publicApi
 */
export class SessionNearCache {
  private readonly records = new Map<string, SessionRecordFields>();
  private readonly pending = new Map<string, Set<PendingRead>>();
  private generation = 0;
  private enabled = false;
  private freshAsOf = 0;

  /**
   * @param maxEntries most records kept at once
   * @param maxSilenceMs longest time since Redis was last heard from (a heartbeat answered)
   *   during which records are still served; past it, the connection may be cut off silently
   */
  constructor(
    readonly maxEntries: number,
    private readonly maxSilenceMs: number,
  ) {}

  /** Records held now. */
  get size(): number {
    return this.records.size;
  }

  /** Whether records are served now. */
  isServing(nowMs = Date.now()): boolean {
    return this.enabled && nowMs - this.freshAsOf <= this.maxSilenceMs;
  }

  /** The record of `key`, when it is held and the cache is in step with Redis. */
  get(key: string, nowMs = Date.now()): SessionRecordFields | undefined {
    if (!this.isServing(nowMs)) return undefined;
    const fields = this.records.get(key);
    if (fields) {
      // Re-inserted, so the Map's order is least recently used first.
      this.records.delete(key);
      this.records.set(key, fields);
    }
    return fields;
  }

  /** Call before sending a read of `key`, and pass the result to {@link endRead} with its answer. */
  beginRead(key: string): PendingRead {
    const read: PendingRead = { key, generation: this.generation, invalidated: false };
    const reads = this.pending.get(key);
    if (reads) reads.add(read);
    else this.pending.set(key, new Set([read]));
    return read;
  }

  /** Keeps the answer of a read, unless the key changed meanwhile or the cache was reset. */
  endRead(read: PendingRead, fields: SessionRecordFields | null): void {
    const reads = this.pending.get(read.key);
    reads?.delete(read);
    if (reads?.size === 0) this.pending.delete(read.key);
    if (!fields || read.invalidated || read.generation !== this.generation || !this.enabled) return;
    // An empty answer means no session: nothing to keep (a new session is invalidated anyway).
    if (Object.keys(fields).length === 0) return;
    this.records.delete(read.key);
    this.records.set(read.key, fields);
    if (this.records.size > this.maxEntries) this.records.delete(this.records.keys().next().value!);
  }

  /** Forgets the records of `keys`: they changed in Redis, or are about to be changed here. */
  invalidate(keys: Iterable<string>): void {
    for (const key of keys) {
      this.records.delete(key);
      const reads = this.pending.get(key);
      if (reads) for (const read of reads) read.invalidated = true;
    }
  }

  /** Redis answered a heartbeat sent at `sentAtMs`: every change made before then has been heard of. */
  confirmFresh(sentAtMs: number): void {
    if (sentAtMs > this.freshAsOf) this.freshAsOf = sentAtMs;
  }

  /** The listener is in step with Redis from now on: start filling, from an empty cache. */
  enable(nowMs = Date.now()): void {
    this.reset();
    this.enabled = true;
    this.freshAsOf = nowMs;
  }

  /** Everything changed in Redis (`FLUSHALL`): drop every record, and keep serving. */
  clear(): void {
    this.reset();
  }

  /** The listener lost Redis: invalidations may have been missed, so drop everything. */
  disable(): void {
    this.reset();
    this.enabled = false;
  }

  private reset(): void {
    this.generation++;
    this.records.clear();
    for (const reads of this.pending.values()) for (const read of reads) read.invalidated = true;
  }
}
