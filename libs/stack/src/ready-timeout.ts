import { availableParallelism } from 'node:os';

/** How long one app process may take to become ready with a core to itself. */
export const READY_TIMEOUT_PER_PROCESS_MS = 30_000;

/**
 * The bound on waiting for `processes` app processes started together to become ready: they
 * share the machine's cores, so the bound grows with processes per core. A process that exits
 * ends the wait at once; this bound only catches one that hangs.
 *
 * @publicApi
 */
export function readyTimeoutFor(processes: number, perProcessMs = READY_TIMEOUT_PER_PROCESS_MS): number {
  return perProcessMs * Math.max(1, Math.ceil(processes / availableParallelism()));
}
