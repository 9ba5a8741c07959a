/** What `npm run bench` measures, and for how long. */
export interface BenchOptions {
  /** Concurrent connections of each load run. */
  connections: number;
  /** Length of one measured round, in seconds. */
  durationSeconds: number;
  /** Measured rounds per row; req/s, p50 and p99 are their medians. */
  rounds: number;
  /** An unmeasured run before the rounds of a row, so the server is warm, in seconds. */
  warmupSeconds: number;
  /** Sessions made through the store for the memory figure. */
  memorySessions: number;
  /** Sessions stored for the first `GET /auth/me` row. */
  baselineSessions: number;
  /** Sessions stored for the scale row. */
  scaleSessions: number;
  /** Other users beside the one whose sessions are listed and ended, small and large. */
  fewOtherUsers: number;
  /** Boots of each app timed from `node` to ready; the figure is their median. */
  boots: number;
  /** Where the JSON and Markdown reports go. */
  outputDir: string;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  connections: 50,
  // Five short rounds rather than three long ones, in the same time: the machine's bursts of
  // other work last seconds, and a median of five leaves more of them out.
  durationSeconds: 3,
  rounds: 5,
  warmupSeconds: 1,
  memorySessions: 100_000,
  baselineSessions: 1_000,
  scaleSessions: 1_000_000,
  fewOtherUsers: 10,
  boots: 5,
  outputDir: '.bench',
};

const FLAGS: Record<string, keyof BenchOptions> = {
  connections: 'connections',
  duration: 'durationSeconds',
  rounds: 'rounds',
  warmup: 'warmupSeconds',
  'memory-sessions': 'memorySessions',
  'baseline-sessions': 'baselineSessions',
  'scale-sessions': 'scaleSessions',
  boots: 'boots',
  out: 'outputDir',
};

export const BENCH_USAGE = `Usage: npm run bench -- [--connections=${DEFAULT_BENCH_OPTIONS.connections}] [--duration=${DEFAULT_BENCH_OPTIONS.durationSeconds}] [--rounds=${DEFAULT_BENCH_OPTIONS.rounds}] [--warmup=${DEFAULT_BENCH_OPTIONS.warmupSeconds}]
       [--memory-sessions=${DEFAULT_BENCH_OPTIONS.memorySessions}] [--baseline-sessions=${DEFAULT_BENCH_OPTIONS.baselineSessions}] [--scale-sessions=${DEFAULT_BENCH_OPTIONS.scaleSessions}] [--boots=${DEFAULT_BENCH_OPTIONS.boots}] [--out=${DEFAULT_BENCH_OPTIONS.outputDir}]`;

/** Reads `--name=value` flags; refuses unknown flags and values that are not positive numbers. */
export function parseBenchArguments(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_BENCH_OPTIONS };
  for (const argument of argv) {
    const match = /^--([a-z-]+)=(.+)$/.exec(argument);
    const key = match && FLAGS[match[1]];
    if (!match || !key) throw new Error(`Unknown argument ${argument}\n${BENCH_USAGE}`);
    if (key === 'outputDir') {
      options.outputDir = match[2];
      continue;
    }
    const value = Number(match[2].replace(/_/g, ''));
    if (!Number.isInteger(value) || value < (key === 'warmupSeconds' ? 0 : 1)) {
      throw new Error(`--${match[1]} must be a positive whole number, got ${match[2]}`);
    }
    options[key] = value;
  }
  return options;
}
