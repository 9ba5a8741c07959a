import { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

const MAX_LINE_LENGTH = 2000;

/**
 * Reads a child's stdout and stderr line by line (so its pipes never fill up and block it),
 * keeps the last lines for error messages and optionally forwards every line to this
 * process's own stdout or stderr behind a `[label]` prefix.
 */
export class OutputTail {
  private readonly lines: string[] = [];

  constructor(
    child: ChildProcess,
    private readonly options: { label: string; forward: boolean; maxLines?: number },
  ) {
    this.follow(child.stdout, process.stdout);
    this.follow(child.stderr, process.stderr);
  }

  /** The last lines the child wrote, oldest first, or `(no output)`. */
  toString(): string {
    return this.lines.length ? this.lines.join('\n') : '(no output)';
  }

  private follow(input: NodeJS.ReadableStream | null, target: Writable): void {
    if (!input) return;
    createInterface({ input, crlfDelay: Infinity }).on('line', (line: string) => {
      this.lines.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}...` : line);
      if (this.lines.length > (this.options.maxLines ?? 40)) this.lines.shift();
      if (this.options.forward) target.write(`[${this.options.label}] ${line}\n`);
    });
  }
}
