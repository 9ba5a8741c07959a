import { BenchReport } from './bench-report.interface';

const COLUMNS = [
  'row',
  'req/s',
  'p50 ms',
  'p99 ms',
  'Redis cmds/req',
  'Redis µs/req',
  'vs peer',
  'vs classic',
  'vs bare twin',
  'vs limit',
  'what',
];
// Columns of numbers, aligned right.
const NUMERIC = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);

const ratio = (value: number | null): string => (value === null ? '' : `${value.toFixed(2)}x`);

function tableRows(report: BenchReport): string[][] {
  return report.rows.map(({ name, what, measurement, vsPeer, vsClassic, vsTwin, vsLimit }) => [
    measurement.failures ? `${name} (${measurement.failures} failed)` : name,
    Math.round(measurement.requestsPerSecond).toLocaleString('en'),
    measurement.p50Ms.toFixed(1),
    measurement.p99Ms.toFixed(1),
    measurement.commandsPerRequest.toFixed(3),
    measurement.redisMicrosPerRequest.toFixed(1),
    ratio(vsPeer),
    ratio(vsClassic),
    ratio(vsTwin),
    ratio(vsLimit),
    what,
  ]);
}

function header(report: BenchReport): string {
  const { machine, options } = report;
  return (
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, Redis ${machine.redis}; ` +
    `load average ${machine.loadAverageAtStart.toFixed(2)} at start, ${machine.loadAverageAtEnd.toFixed(2)} at end. ` +
    `autocannon, ${options.connections} connections, median of ${options.rounds} rounds of ${options.durationSeconds} s; ${report.seconds} s in all.`
  );
}

/** The report as fixed-width text for the terminal. */
export function formatText(report: BenchReport): string {
  const body = [COLUMNS, ...tableRows(report)];
  const widths = COLUMNS.map((_, column) => Math.max(...body.map((line) => line[column].length)));
  const numeric = (column: number): boolean => NUMERIC.has(column);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const { memory } = report;
  return [
    header(report),
    '',
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...tableRows(report).map(line),
    '',
    `Memory: ${memory.bytesPerSession} bytes a signed-in session, its share of its user's hash and of its User-Agent (kept once per distinct value) included ` +
      `(${memory.sessions.toLocaleString('en')} sessions made through the store, one user each; MEMORY USAGE ${memory.userHashBytes} user's hash + ${memory.userAgentKeyBytes} User-Agent)`,
    touchLine(report),
    bootLine(report),
    '',
    'Goals:',
    ...report.goals.map((goal) => `  [${goal.met ? 'met' : 'MISSED'}] ${goal.goal}: ${goal.actual}`),
  ].join('\n');
}

/** What the rows leave out: the read, once per touch interval, that slides a session's expiry. */
function touchLine({ touch }: BenchReport): string {
  return (
    `Touch: the project's rows measure reads that change nothing (the apps run with a touch interval longer than the run); ` +
    `the one read per session and touch interval (${touch.touchIntervalSeconds} s by default) that slides the idle expiry ` +
    `costs ${touch.commandsPerTouchedRead.toFixed(1)} commands (the read and one script)`
  );
}

/** Each app's boot, from `node` to its first 200 on the readiness path. */
function bootLine({ boot, options }: BenchReport): string {
  const apps = boot.map(
    ({ app, medianMs, bootsMs }) => `${app} ${Math.round(medianMs)} ms (${bootsMs.map(Math.round).join(', ')})`,
  );
  return `Boot to ready, median of ${options.boots} boots of the production build: ${apps.join('; ')}`;
}

/** The report as Markdown: the table, the memory figure and the goals. */
export function formatMarkdown(report: BenchReport): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const { memory } = report;
  return [
    `# Benchmark, ${report.startedAt}`,
    '',
    header(report),
    '',
    row(COLUMNS),
    row(COLUMNS.map((_, column) => (NUMERIC.has(column) ? '---:' : '---'))),
    ...tableRows(report).map(row),
    '',
    `Memory: **${memory.bytesPerSession} bytes** a signed-in session, its share of its user's hash and of its User-Agent (kept once per distinct value) included ` +
      `(${memory.sessions.toLocaleString('en')} sessions made through the store, one user each; \`MEMORY USAGE\` ${memory.userHashBytes} user's hash + ${memory.userAgentKeyBytes} User-Agent).`,
    '',
    touchLine(report),
    '',
    bootLine(report),
    '',
    '| goal | this run | |',
    '|---|---|---|',
    ...report.goals.map((goal) => row([goal.goal, goal.actual, goal.met ? 'met' : '**missed**'])),
    '',
  ].join('\n');
}
