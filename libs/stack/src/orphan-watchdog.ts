import { ChildProcess, spawn } from 'node:child_process';

/**
 * The watchdog's program, run by `node -e`. It learns the children's pids from messages and,
 * once its channel to this process closes (this process is gone, even by SIGKILL), sends each
 * child still there SIGTERM, SIGKILL after 5 s, and exits. The stack's signals reach it with
 * the rest of the process group on Ctrl-C: it ignores them and outlives the parent's cleanup.
 */
const WATCHDOG = `
process.title = 'stack watchdog of ' + process.ppid;
const pids = new Set();
const signal = (pid, name) => { try { process.kill(pid, name); return true; } catch { return false; } };
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, () => {});
process.on('message', ({ watch, forget }) => { if (watch) pids.add(watch); else pids.delete(forget); });
process.on('disconnect', () => {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  const check = setInterval(() => {
    for (const pid of pids) if (!signal(pid, 0)) pids.delete(pid);
    if (pids.size && Date.now() < deadline) return;
    for (const pid of pids) signal(pid, 'SIGKILL');
    clearInterval(check);
  }, 100);
});
`;

let watchdog: ChildProcess | undefined;
const watched = new Set<number>();

/**
 * Has `child` stopped should this process end without stopping it: the case `exit` listeners
 * cannot cover, a SIGKILL or a crash of the runtime. Orphaned replicas and redis-servers would
 * keep their ports and data directory, and the next start would fail or talk to them. Linux's
 * parent-death signal is out of reach without native code, and redis-server has no such option,
 * so one watchdog process per parent watches all of them.
 */
export function endWithThisProcess(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  watched.add(pid);
  // None yet, or the last one was killed: a new one watches every child still running.
  if (watchdog?.connected) watchdog.send({ watch: pid }, ignore);
  else watchdog = startWatchdog(watched);
  child.once('exit', () => {
    watched.delete(pid);
    if (watchdog?.connected) watchdog.send({ forget: pid }, ignore);
  });
}

function startWatchdog(pids: Iterable<number>): ChildProcess {
  const started = spawn(process.execPath, ['-e', WATCHDOG], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  // It must not keep this process alive.
  started.unref();
  started.channel?.unref();
  started.on('error', ignore);
  for (const pid of pids) started.send({ watch: pid }, ignore);
  return started;
}

// A watchdog that is gone has nothing to be told; a new one is started for the next child.
const ignore = (): void => undefined;
