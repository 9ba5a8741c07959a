import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { endWithThisProcess } from './orphan-watchdog';

const running = new Set<ChildProcess>();

// A last resort for a parent that exits without stopping its children (an uncaught error, a
// test runner's forced exit): 'exit' listeners must be synchronous, so they get SIGKILL. A
// parent that is killed runs no listener: the watchdog stops its children then.
function killRunningChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Spawns `command` with piped output (stdout to /dev/null with `discardStdout`) and no shell. The
 * child is killed if this process exits while it still runs, or is killed itself (SIGKILL
 * included). Spawn failures (such as a missing executable) arrive as its `error` event.
 */
export function spawnChild(
  command: string,
  args: readonly string[],
  { discardStdout = false, ...options }: { cwd?: string; env?: NodeJS.ProcessEnv; discardStdout?: boolean },
): ChildProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'] });
  if (running.size === 0) process.once('exit', killRunningChildren);
  running.add(child);
  endWithThisProcess(child);
  const forget = (): void => {
    running.delete(child);
    if (running.size === 0) process.removeListener('exit', killRunningChildren);
  };
  child.once('exit', forget);
  child.once('error', () => {
    if (child.pid === undefined) forget();
  });
  return child;
}

/** Whether the child has ended, or never started. */
export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` and waits for the child to exit, sending SIGKILL if it is still running after
 * `killAfterMs`. Resolves at once when the child has already exited.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, killAfterMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
