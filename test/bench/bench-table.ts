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
  'vs hooked twin',
  'vs limit',
  'what',
];
// Columns of numbers, aligned right.
const NUMERIC = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

const ratio = (value: number | null): string => (value === null ? '' : `${value.toFixed(2)}x`);

function tableRows(report: BenchReport): string[][] {
  return report.rows.map(({ name, what, measurement, vsPeer, vsClassic, vsTwin, vsHookedTwin, vsLimit }) => [
    measurement.failures ? `${name} (${measurement.failures} failed)` : name,
    Math.round(measurement.requestsPerSecond).toLocaleString('en'),
    measurement.p50Ms.toFixed(1),
    measurement.p99Ms.toFixed(1),
    measurement.commandsPerRequest.toFixed(3),
    measurement.redisMicrosPerRequest.toFixed(1),
    ratio(vsPeer),
    ratio(vsClassic),
    ratio(vsTwin),
    ratio(vsHookedTwin),
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
    capacityLine(report),
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

/** Each app's boot, from `node` to its first 200 on the readiness path, as its image starts it and from main.js. */
function bootLine({ boot, options }: BenchReport): string {
  const apps = boot.map(
    ({ app, medianMs, bootsMs, uncachedMedianMs }) =>
      `${app} ${Math.round(medianMs)} ms (${bootsMs.map(Math.round).join(', ')}; main.js without it ${Math.round(uncachedMedianMs)} ms)`,
  );
  return `Boot to ready, median of ${options.boots} boots of the production build from start.js with the code cache its image carries: ${apps.join('; ')}`;
}

/**
 * How many reads one Redis core serves, estimated from the `GET /auth/me` row's Redis CPU per
 * request, beside the same figure with every replica of a stack loading Redis at once.
 */
function capacityLine({ rows, capacity }: BenchReport): string {
  const me = rows.find(({ name }) => name === 'auth GET /auth/me')?.measurement;
  const perCore = (micros: number): string => Math.round(1e6 / micros).toLocaleString('en');
  const estimate = me
    ? `the GET /auth/me row cost Redis ${me.redisMicrosPerRequest.toFixed(1)} µs of CPU a request: one Redis core serves about ${perCore(me.redisMicrosPerRequest)} of them a second`
    : 'no GET /auth/me row';
  return (
    `Capacity: ${estimate}. Check, ${capacity.replicas} replicas loaded at once with their signed-in reads: ` +
    `${Math.round(capacity.requestsPerSecond).toLocaleString('en')} req/s${capacity.failures ? ` (${capacity.failures} failed)` : ''}, Redis at ${(capacity.redisCoreShare * 100).toFixed(0)}% of a core, ` +
    `${capacity.redisMicrosPerRequest.toFixed(1)} µs and ${capacity.commandsPerRequest.toFixed(2)} commands a request: about ${perCore(capacity.redisMicrosPerRequest)} a second per core`
  );
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
    capacityLine(report),
    '',
    '| goal | this run | |',
    '|---|---|---|',
    ...report.goals.map((goal) => row([goal.goal, goal.actual, goal.met ? 'met' : '**missed**'])),
    '',
  ].join('\n');
}
