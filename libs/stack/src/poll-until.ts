import { setTimeout as sleep } from 'node:timers/promises';

/** How waiting with {@link pollUntil} ended. */
export type PollResult = 'ready' | 'timeout' | 'abandoned';

/**
 * Calls `probe` every `intervalMs` until it resolves `true` (`ready`), `abandon` returns true
 * (`abandoned`, e.g. the process being waited for exited) or `timeoutMs` has passed (`timeout`).
 * A probe that throws counts as not ready; each probe must bound its own duration.
 */
export async function pollUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs: number; abandon: () => boolean },
): Promise<PollResult> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.abandon()) return 'abandoned';
    if (await probe().catch(() => false)) return 'ready';
    if (options.abandon()) return 'abandoned';
    if (Date.now() >= deadline) return 'timeout';
    await sleep(options.intervalMs);
  }
}
