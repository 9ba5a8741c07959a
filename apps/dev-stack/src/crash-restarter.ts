import { Replica } from '@app/stack';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
// A replica that stayed up this long starts its backoff afresh after the next crash.
const STABLE_AFTER_MS = 60_000;

interface Backoff {
  failures: number;
  upSince: number;
  timer?: NodeJS.Timeout;
}

/**
 * Restarts replicas that crash, after 1 s, doubling up to 30 s while they keep failing, so a
 * replica that cannot start does not spin. Logs every crash and every comeback.
 */
export class CrashRestarter {
  private readonly backoffs = new Map<Replica, Backoff>();
  private closed = false;

  constructor(private readonly log: (message: string) => void) {}

  /** To be called when a ready replica exits without having been stopped. */
  crashed(replica: Replica, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closed) return;
    const backoff = this.backoffs.get(replica) ?? { failures: 0, upSince: Date.now() };
    this.backoffs.set(replica, backoff);
    if (Date.now() - backoff.upSince >= STABLE_AFTER_MS) backoff.failures = 0;
    this.schedule(replica, backoff, `exited unexpectedly (${signal ?? `code ${code}`})`);
  }

  /** Cancels pending restarts; crashes after this are ignored. */
  close(): void {
    this.closed = true;
    for (const backoff of this.backoffs.values()) clearTimeout(backoff.timer);
  }

  private schedule(replica: Replica, backoff: Backoff, what: string): void {
    const delay = Math.min(FIRST_DELAY_MS * 2 ** backoff.failures, MAX_DELAY_MS);
    backoff.failures++;
    this.log(`${replica.app}-${replica.name} ${what}; restarting in ${delay / 1000} s`);
    backoff.timer = setTimeout(() => {
      replica.restart().then(
        () => {
          backoff.upSince = Date.now();
          if (!this.closed) this.log(`${replica.app}-${replica.name} is back on port ${replica.port}`);
        },
        (error: Error) => {
          if (this.closed) return;
          this.log(error.message);
          this.schedule(replica, backoff, 'did not restart');
        },
      );
    }, delay);
  }
}
