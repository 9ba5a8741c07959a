import Redis from 'ioredis';

/** Told of each read when its answer (or error) arrives, for metrics. */
export type ReadReporter = (seconds: number, failed: boolean) => void;

interface QueuedRead {
  key: string;
  resolve: (fields: Record<string, string>) => void;
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
    private readonly redis: Redis,
    private readonly report: ReadReporter = () => undefined,
  ) {}

  /** `HGETALL key`, sent with the other reads of this turn. */
  hgetall(key: string): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      this.queued.push({ key, resolve, reject });
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
    const settle = (read: QueuedRead, error: unknown, fields?: unknown): void => {
      this.report(Number(process.hrtime.bigint() - started) / 1e9, !!error);
      if (error) read.reject(error);
      else read.resolve(fields as Record<string, string>);
    };
    if (reads.length === 1) {
      this.redis.hgetall(reads[0].key).then(
        (fields) => settle(reads[0], null, fields),
        (error: unknown) => settle(reads[0], error),
      );
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const read of reads) pipeline.hgetall(read.key);
    pipeline.exec().then(
      (results) => results!.forEach(([error, fields], index) => settle(reads[index], error, fields)),
      (error: unknown) => reads.forEach((read) => settle(read, error)),
    );
  };
}
