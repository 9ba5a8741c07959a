import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from './env-file';

describe('loadEnvFile', () => {
  const cwd = process.cwd();
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'env-file-'));
    writeFileSync(join(folder, '.env'), '# a comment\nPORT=4000\nLOG_LEVEL="debug"\n');
    process.chdir(folder);
  });

  afterEach(() => process.chdir(cwd));

  it('adds .env outside production, without overriding what is set', () => {
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    expect(loadEnvFile(env)).toBe(join(folder, '.env'));
    expect(env).toEqual({ PORT: '4000', LOG_LEVEL: 'warn' });
  });

  it('reads nothing in production unless ENV_FILE asks', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    expect(loadEnvFile(env)).toBeUndefined();
    expect(env.PORT).toBeUndefined();
    writeFileSync(join(folder, 'prod.env'), 'PORT=5000\n');
    const asked: NodeJS.ProcessEnv = { NODE_ENV: 'production', ENV_FILE: 'prod.env' };
    loadEnvFile(asked);
    expect(asked.PORT).toBe('5000');
  });

  it('is quiet without .env, and names a missing ENV_FILE', () => {
    process.chdir(mkdtempSync(join(tmpdir(), 'env-file-')));
    expect(loadEnvFile({})).toBeUndefined();
    expect(() => loadEnvFile({ ENV_FILE: 'nowhere.env' })).toThrow(/ENV_FILE: cannot read .*nowhere\.env/);
  });
});
