import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repositoryRoot, spawnChild, stopChild } from '@app/stack';

/** The Nest CLI rebuilding apps on change. */
export interface WatchBuild {
  stop(): Promise<void>;
}

/** Runs `nest build <apps> --watch`, its output behind `[build]`. */
export function startWatchBuild(apps: readonly string[], log: (message: string) => void): WatchBuild {
  const root = repositoryRoot();
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const child = spawnChild(process.execPath, [nest, 'build', ...apps, '--watch'], { cwd: root });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line: string) => {
      if (line.trim()) process.stdout.write(`[build] ${line}\n`);
    });
  }
  child.once('exit', (code, signal) => log(`the watch build exited (${signal ?? `code ${code}`})`));
  return { stop: () => stopChild(child, 'SIGTERM', 5_000) };
}
