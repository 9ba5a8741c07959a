import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheFileOf } from './run-with-code-cache';

// An app in miniature: a relative require, the CommonJS variables, a server that listens (and
// closes again, so the process ends), and a throw at a known line and column.
const APP = `const greeting = require('./greeting');
console.log(JSON.stringify({ greeting, version: 'A', file: __filename, dir: __dirname, exports: typeof exports }));
if (process.env.FAIL) throw new Error('boom');
const server = require('node:http').createServer();
server.listen(0, '127.0.0.1', () => { console.log('listening'); server.close(); });
`;

describe('runWithCodeCache', () => {
  let folder: string;
  let file: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'code-cache-'));
    file = join(folder, 'main.js');
    writeFileSync(file, APP);
    writeFileSync(join(folder, 'greeting.js'), "module.exports = 'hello';");
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /** `node` running `file` through runWithCodeCache, with what it says of the cache. */
  function run(options: { write?: boolean; env?: Record<string, string> } = {}) {
    const script = `
      require(${JSON.stringify(require.resolve('../../../../test/bench/register.js'))});
      require(${JSON.stringify(require.resolve('./run-with-code-cache'))}).runWithCodeCache(
        ${JSON.stringify(file)}, ${options.write === true});`;
    const { status, stdout, stderr } = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'code_cache', ...options.env },
      timeout: 20_000,
    });
    const cache = /CODE_CACHE \d+: \S+ (.+)/.exec(stderr)?.[1];
    return { status, lines: stdout.trim().split('\n'), stderr, cache };
  }

  it('runs the file as node would, compiled from source while there is no cache', () => {
    const { status, lines, cache } = run();
    expect({ status, cache }).toEqual({ status: 0, cache: 'absent' });
    expect(lines).toEqual([
      JSON.stringify({ greeting: 'hello', version: 'A', file, dir: folder, exports: 'object' }),
      'listening',
    ]);
  });

  it('writes the cache once the app listens, ends the process, and the next start is from it', () => {
    const written = run({ write: true });
    expect({ status: written.status, cache: written.cache }).toEqual({ status: 0, cache: 'written' });
    // Ended as the server listened: its callback never ran.
    expect(written.lines).not.toContain('listening');
    expect(existsSync(codeCacheFileOf(file))).toBe(true);

    const { status, lines, cache } = run();
    expect({ status, cache }).toEqual({ status: 0, cache: 'accepted' });
    expect(lines).toEqual([expect.stringContaining('"version":"A"'), 'listening']);
  });

  it('does not run a cache of another build of the same length, which V8 alone would accept', () => {
    run({ write: true });
    writeFileSync(file, APP.replace("version: 'A'", "version: 'B'"));
    expect(readFileSync(file).length).toBe(Buffer.byteLength(APP));

    const { status, lines, cache } = run();
    expect({ status, cache }).toEqual({ status: 0, cache: 'is of another build' });
    expect(lines[0]).toContain('"version":"B"');
  });

  it("gives the file's own lines and columns in a stack trace, with the cache or without", () => {
    for (const write of [false, true]) {
      if (write) run({ write });
      const { status, stderr } = run({ env: { FAIL: '1' } });
      expect(status).toBe(1);
      expect(stderr).toContain(`Error: boom\n    at Object.<anonymous> (${file}:3:29)`);
    }
  });
});
