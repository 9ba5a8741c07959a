import { runBench, ROW } from './bench';
import { DEFAULT_BENCH_OPTIONS, parseBenchArguments } from './bench-options';
import { formatMarkdown, formatText } from './bench-table';

// The benchmark is not part of `npm test`; this runs its whole harness with tiny settings, so
// that it keeps working: every server starts, every row answers, the report is complete.
describe('npm run bench (smoke run with tiny settings)', () => {
  it('reads its options, and refuses unknown ones', () => {
    expect(parseBenchArguments(['--connections=8', '--duration=2', '--scale-sessions=1_000'])).toEqual({
      ...DEFAULT_BENCH_OPTIONS,
      connections: 8,
      durationSeconds: 2,
      scaleSessions: 1000,
    });
    expect(() => parseBenchArguments(['--speed=3'])).toThrow(/Unknown argument --speed=3/);
    expect(() => parseBenchArguments(['--rounds=0'])).toThrow(/--rounds must be a positive whole number/);
  });

  it('measures every row and evaluates every goal', async () => {
    const report = await runBench({
      ...DEFAULT_BENCH_OPTIONS,
      connections: 2,
      durationSeconds: 1,
      rounds: 1,
      warmupSeconds: 0,
      memorySessions: 300,
      baselineSessions: 20,
      scaleSessions: 200,
      boots: 1,
    });

    expect(report.rows.map((row) => row.name).sort()).toEqual(Object.values(ROW).sort());
    for (const row of report.rows) {
      expect({ row: row.name, failures: row.measurement.failures }).toEqual({ row: row.name, failures: 0 });
      expect(row.measurement.responses).toBeGreaterThan(0);
    }
    const commandsOf = (name: string): number =>
      report.rows.find((row) => row.name === name)!.measurement.commandsPerRequest;
    expect(commandsOf(ROW.noCookie)).toBe(0);
    // A read that changes nothing is one HGET; a read due a touch adds the touch script.
    expect(commandsOf(ROW.me)).toBe(1);
    expect(commandsOf(ROW.meCluster)).toBe(1);
    expect(report.touch.commandsPerTouchedRead).toBeGreaterThan(2);
    expect(commandsOf(ROW.meNearCache)).toBeLessThan(0.5);
    expect(report.memory.bytesPerSession).toBeGreaterThan(0);
    expect(report.userSessions.map((cost) => cost.otherUsers)).toEqual([10, 200]);
    expect(report.boot.map(({ app }) => app)).toEqual(['auth', 'profile', 'cart']);
    expect(report.capacity).toMatchObject({ replicas: 6, failures: 0 });
    expect(report.capacity.redisCoreShare).toBeGreaterThan(0);
    expect(formatText(report)).toMatch(/Capacity: the GET \/auth\/me row cost Redis [\d.]+ µs/);
    for (const { medianMs, uncachedMedianMs } of report.boot) {
      expect(medianMs).toBeGreaterThan(0);
      expect(uncachedMedianMs).toBeGreaterThan(0);
    }
    expect(formatText(report)).toMatch(
      /Boot to ready, .* with the code cache .*: auth \d+ ms \(.*; main\.js without it \d+ ms\)/,
    );
    for (const name of [ROW.me, ROW.meNearCache, ROW.noCookie]) {
      const row = report.rows.find((candidate) => candidate.name === name)!;
      expect({ name, twin: row.vsTwin, hookedTwin: row.vsHookedTwin, limit: row.vsLimit }).toEqual({
        name,
        twin: expect.any(Number),
        hookedTwin: expect.any(Number),
        limit: expect.any(Number),
      });
    }
    for (const name of [ROW.hookedMe, ROW.hookedCatalog, ROW.bareCatalogAgain]) {
      expect({ name, twin: report.rows.find((candidate) => candidate.name === name)!.vsTwin }).toEqual({
        name,
        twin: expect.any(Number),
      });
    }
    // 10 of sessions and Redis, 4 of the framework's cost, one boot goal per app.
    expect(report.goals).toHaveLength(17);
    expect(report.goals.find(({ goal }) => goal.startsWith('public GET /cart/catalog'))?.actual).toMatch(
      /^[\d.]+x \([\d.]+x its hooked twin, which is [\d.]+x the bare twin\)$/,
    );
    expect(formatText(report)).toContain('Goals:');
    expect(formatMarkdown(report)).toContain('| goal | this run | |');
  });
});
