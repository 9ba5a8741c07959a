import { execFileSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { batchedStdout } from './batched-stdout';

describe('batchedStdout', () => {
  it('writes the lines of one turn of the event loop in one write, after the turn', async () => {
    const writes: string[] = [];
    const stdout = batchedStdout({ write: (data) => writes.push(data) });
    stdout.write('{"a":1}\n');
    stdout.write('{"b":2}\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n']);
    stdout.write('{"c":3}\n');
    await nextTurn();
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('writes a large batch at once, without waiting for the turn to end', () => {
    const writes: string[] = [];
    const stdout = batchedStdout({ write: (data) => writes.push(data) });
    const line = `${JSON.stringify({ msg: 'x'.repeat(1000) })}\n`;
    for (let i = 0; i < 100; i++) stdout.write(line);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.join('').length).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('writes what is pending when the process exits in the same turn', () => {
    // A real process on a real stdout pipe: the lines logged just before process.exit() come out.
    const script = `
      require(${JSON.stringify(require.resolve('../../../../test/bench/register.js'))});
      const pino = require('pino');
      const { batchedStdout } = require(${JSON.stringify(require.resolve('./batched-stdout'))});
      const logger = pino({ base: null }, batchedStdout());
      logger.info('first');
      logger.error('last words');
      process.exit(3);`;
    let output = '';
    try {
      execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string; status: number }).stdout;
      expect((error as { status: number }).status).toBe(3);
    }
    expect(
      output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['first', 'last words']);
  });
});
