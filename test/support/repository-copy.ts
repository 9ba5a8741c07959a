import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repositoryRoot } from '@app/stack';

// Not copied: installed or built things, and local data.
const LEFT_OUT = new Set(['node_modules', 'dist', '.git', '.data', '.bench', 'coverage']);

/** How a command run in the copy ended. */
export interface Run {
  code: number | null;
  output: string;
}

/**
 * The repository's files in a temporary folder (its `node_modules` linked, not copied), where a
 * test can run generators and builds without touching the real tree.
 */
export class RepositoryCopy {
  readonly path = mkdtempSync(join(tmpdir(), 'repository-copy-'));
  private readonly groups = new Set<number>();

  constructor() {
    const source = repositoryRoot();
    cpSync(source, this.path, {
      recursive: true,
      filter: (path) => !LEFT_OUT.has(relative(source, path).split('/')[0]),
    });
    symlinkSync(join(source, 'node_modules'), join(this.path, 'node_modules'), 'dir');
  }

  /**
   * Runs a command in the copy, in a process group of its own, so that whatever it starts (the
   * replicas of a nested e2e test) is killed with it when it overruns or the test stops early.
   * `input` is written to its standard input (a generator's prompt), which is then closed.
   */
  run(command: string, args: string[], timeoutMs: number, input = ''): Promise<Run> {
    return new Promise((resolve, reject) => {
      const { JEST_WORKER_ID: _worker, ...env } = process.env;
      const child = spawn(command, args, { cwd: this.path, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end(input);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      this.groups.add(child.pid!);
      const timer = setTimeout(() => {
        output += `\n(killed after ${timeoutMs / 1000} s)`;
        process.kill(-child.pid!, 'SIGKILL');
      }, timeoutMs);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        this.groups.delete(child.pid!);
        resolve({ code, output });
      });
    });
  }

  /** Runs a package's bin script (`nest`, `tsc`, `eslint`...) from the linked `node_modules`. */
  runTool(script: string, args: string[], timeoutMs: number, input = ''): Promise<Run> {
    return this.run(process.execPath, [join('node_modules', script), ...args], timeoutMs, input);
  }

  read(path: string): string {
    return readFileSync(join(this.path, path), 'utf8');
  }

  write(path: string, content: string): void {
    writeFileSync(join(this.path, path), content);
  }

  /** Kills what still runs and removes the folder. */
  remove(): void {
    for (const group of this.groups) process.kill(-group, 'SIGKILL');
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Throws with the end of the output unless the command exited with 0. */
export function expectSuccess(result: Run): void {
  if (result.code !== 0) throw new Error(`exited with ${result.code}:\n${result.output.slice(-6000)}`);
}
