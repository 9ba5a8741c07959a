import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OutputTail, spawnChild, stopChild } from '@app/stack';
import { LISTENING_PREFIX } from './servers/announce';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const REGISTER = join(__dirname, 'register.js');

/** A bench server running as a child process, so it does not share a thread with the load. */
export interface BenchServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `servers/<name>.server.ts` (compiled on the fly by `register.js`) with `env`, and
 * resolves with its URL once it prints it. Rejects with the server's output when it exits
 * first or takes longer than 20 s.
 */
export async function startBenchServer(name: string, env: Record<string, string>): Promise<BenchServer> {
  const child = spawnChild(process.execPath, ['-r', REGISTER, join(__dirname, 'servers', `${name}.server.ts`)], {
    env: { ...process.env, ...env },
  });
  const output = new OutputTail(child, { label: name, forward: false });
  const stop = (): Promise<void> => stopChild(child, 'SIGTERM', STOP_TIMEOUT_MS);

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} server did not start within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith(LISTENING_PREFIX)) return;
        clearTimeout(timer);
        resolve(line.slice(LISTENING_PREFIX.length));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} server exited (${code}) before it listened:\n${output}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
