import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentSessionSecret } from './development-secret';

describe('developmentSessionSecret', () => {
  const folder = (): string => mkdtempSync(join(tmpdir(), 'dev-secret-'));

  it('makes a secret once, readable by its owner only, and returns the same one after', () => {
    const file = join(folder(), '.data', 'session-secret');
    const first = developmentSessionSecret(file);
    expect(first).toMatch(/^[\w-]{48}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentSessionSecret(file)).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
  });

  it('keeps a secret already there', () => {
    const file = join(folder(), 'session-secret');
    writeFileSync(file, `${'k'.repeat(40)}\n`);
    expect(developmentSessionSecret(file)).toBe('k'.repeat(40));
  });

  it('gives none when the folder cannot be written', () => {
    const readOnly = folder();
    chmodSync(readOnly, 0o500);
    // root writes anyway; the case exists only for other users.
    const writable = process.getuid?.() === 0;
    expect(developmentSessionSecret(join(readOnly, '.data', 'session-secret')) === undefined).toBe(!writable);
  });
});
