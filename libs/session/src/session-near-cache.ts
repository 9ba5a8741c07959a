/** A read of a record from Redis, begun while the cache could still take its answer. */
export interface PendingRead {
  readonly key: string;
  readonly field: string;
  readonly generation: number;
  /** Set when the key changed while the read was on its way: its answer may be stale. */
  invalidated: boolean;
}

interface CachedRecord {
  readonly key: string;
  readonly record: string;
}

/**
 * A replica's copy of recently used session records, by Redis key and hash field (`''` for a
 * record that is a whole key), kept correct by Redis's invalidation messages (see
 * {@link SessionInvalidationListener}), which name keys: a change of a user's hash forgets
 * every session of that user held here. It holds at most `maxEntries` records and drops the
 * least recently used first.
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
  // By `<key>\n<field>`.
  private readonly records = new Map<string, CachedRecord>();
  // Key -> its entries in `records`.
  private readonly entriesOfKey = new Map<string, Set<string>>();
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

  /** The record at `key` and `field`, when it is held and the cache is in step with Redis. */
  get(key: string, field: string, nowMs = Date.now()): string | undefined {
    if (!this.isServing(nowMs)) return undefined;
    const entry = entryOf(key, field);
    const cached = this.records.get(entry);
    if (cached) {
      // Re-inserted, so the Map's order is least recently used first.
      this.records.delete(entry);
      this.records.set(entry, cached);
    }
    return cached?.record;
  }

  /** Call before sending a read, and pass the result to {@link endRead} with its answer. */
  beginRead(key: string, field: string): PendingRead {
    const read: PendingRead = { key, field, generation: this.generation, invalidated: false };
    const reads = this.pending.get(key);
    if (reads) reads.add(read);
    else this.pending.set(key, new Set([read]));
    return read;
  }

  /**
   * Keeps the answer of a read (`null`: no session, nothing to keep), unless the key changed
   * meanwhile or the cache was reset.
   */
  endRead(read: PendingRead, record: string | null): void {
    const reads = this.pending.get(read.key);
    reads?.delete(read);
    if (reads?.size === 0) this.pending.delete(read.key);
    if (record === null || read.invalidated || read.generation !== this.generation || !this.enabled) return;
    const entry = entryOf(read.key, read.field);
    this.records.delete(entry);
    this.records.set(entry, { key: read.key, record });
    const entries = this.entriesOfKey.get(read.key);
    if (entries) entries.add(entry);
    else this.entriesOfKey.set(read.key, new Set([entry]));
    if (this.records.size > this.maxEntries) {
      const [oldest, { key }] = this.records.entries().next().value!;
      this.records.delete(oldest);
      const ofKey = this.entriesOfKey.get(key)!;
      ofKey.delete(oldest);
      if (ofKey.size === 0) this.entriesOfKey.delete(key);
    }
  }

  /** Forgets the records of `keys`: they changed in Redis, or are about to be changed here. */
  invalidate(keys: Iterable<string>): void {
    for (const key of keys) {
      const entries = this.entriesOfKey.get(key);
      if (entries) {
        for (const entry of entries) this.records.delete(entry);
        this.entriesOfKey.delete(key);
      }
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
    this.entriesOfKey.clear();
    for (const reads of this.pending.values()) for (const read of reads) read.invalidated = true;
  }
}

const entryOf = (key: string, field: string): string => `${key}\n${field}`;
