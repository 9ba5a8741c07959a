import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@app/stack';
import { testRedisMode } from './test-stack';

/** One line of docs/reliability.md: what was tried, how often, and what came of it. */
export interface ReportRow {
  case: string;
  requests: number;
  outcome: string;
}

const HEADER = `# Reliability

Written by the reliability suite (\`test/reliability/*.e2e-spec.ts\`, part of \`npm test\`) each time
it runs: every fault injected into real processes (\`redis-server\`, app replicas, the gateway) on
loopback, every class of bad input sent, how many requests, and what happened. A section whose
suite failed keeps the rows of its last passing run.
`;

/**
 * Collects the rows of one suite and, once the suite is done, rewrites its section of
 * docs/reliability.md (between markers), leaving the other suites' sections alone.
 */
export class ReliabilityReport {
  private readonly rows: ReportRow[] = [];

  constructor(
    private readonly section: string,
    private readonly title: string,
  ) {}

  add(row: ReportRow): void {
    this.rows.push(row);
  }

  write(): void {
    // The document reports runs on a single Redis; a run in another mode (npm run
    // test:redis-modes) must not replace its rows with numbers of another setup.
    if (!this.rows.length || testRedisMode() !== 'single') return;
    const path = join(repositoryRoot(), 'docs', 'reliability.md');
    let document: string;
    try {
      document = readFileSync(path, 'utf8');
    } catch {
      document = HEADER;
    }
    const start = `<!-- ${this.section}:start -->`;
    const end = `<!-- ${this.section}:end -->`;
    const table = [
      start,
      `## ${this.title}`,
      '',
      '| case | requests | outcome |',
      '|---|---:|---|',
      ...this.rows.map((row) => `| ${row.case} | ${row.requests} | ${row.outcome.replace(/\|/g, '\\|')} |`),
      end,
    ].join('\n');
    const from = document.indexOf(start);
    const to = document.indexOf(end);
    document =
      from >= 0 && to > from
        ? document.slice(0, from) + table + document.slice(to + end.length)
        : `${document.trimEnd()}\n\n${table}\n`;
    writeFileSync(path, document);
  }
}
