import { Cluster } from 'ioredis';
import type { RedisClient } from '@app/redis';

/** Told of each read when its answer (or error) arrives, for metrics. */
export type ReadReporter = (seconds: number, failed: boolean) => void;

interface QueuedRead {
  key: string;
  field: string;
  resolve: (record: string | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends the session reads of one turn of the event loop to Redis together, as one pipeline:
 * one socket write for all the requests that arrived together instead of one each (under load
 * that write, and the wake-up of Redis it causes, cost more than everything else the session
 * does).
 *
 * Unlike ioredis's auto-pipelining it never holds a batch back until the previous one is
 * answered: each batch goes out at the end of its turn, and each read keeps the client's own
 * command timeout, so a stalled Redis answers every read with an error within that timeout.
 */
export class SessionReadBatcher {
  private queued: QueuedRead[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly report: ReadReporter = () => undefined,
  ) {}

  /** `HGET key field`, or `GET key` when `field` is `''`, sent with the other reads of this turn. */
  read(key: string, field: string): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.queued.push({ key, field, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const reads = this.queued;
    this.queued = [];
    const started = process.hrtime.bigint();
    const settle = (read: QueuedRead, error: unknown, record?: unknown): void => {
      this.report(Number(process.hrtime.bigint() - started) / 1e9, !!error);
      if (error) read.reject(error);
      else read.resolve(record as string | null);
    };
    // A cluster pipeline must keep to one node: there each read goes to its own (still one
    // command per read, and no batching).
    if (reads.length === 1 || this.redis instanceof Cluster) {
      for (const read of reads) {
        (read.field === '' ? this.redis.get(read.key) : this.redis.hget(read.key, read.field)).then(
          (record) => settle(read, null, record),
          (error: unknown) => settle(read, error),
        );
      }
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const read of reads) {
      if (read.field === '') pipeline.get(read.key);
      else pipeline.hget(read.key, read.field);
    }
    pipeline.exec().then(
      (results) => results!.forEach(([error, record], index) => settle(reads[index], error, record)),
      (error: unknown) => reads.forEach((read) => settle(read, error)),
    );
  };
}
