import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { appEntryFile, repositoryRoot } from '@app/stack';

/** How a run of the auth app's operator command ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where the build puts the auth app's operator command: beside its `main.js`. */
export const authCliFile = (): string => join(repositoryRoot(), dirname(appEntryFile('auth')), 'cli.js');

/**
 * Runs `node cli.js <args>` of the built auth app, as an operator would inside a replica's
 * container, with `env` (its Redis and secrets) added to this process's environment.
 */
export function runAuthCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [authCliFile(), ...args],
      { env: { ...process.env, NODE_ENV: 'development', ...env }, timeout: 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
