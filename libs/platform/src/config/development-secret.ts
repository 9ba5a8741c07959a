import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the development session secret is kept: under the working directory's git-ignored `.data/`. */
export const DEVELOPMENT_SECRET_FILE = join('.data', 'session-secret');

/**
 * The session secret of development, made once and kept in `file`, so sessions outlive a
 * restart (`nest start --watch`, `npm start`) and every process started from the repository
 * signs alike. Never used in production, where `SESSION_SECRETS` is required. Returns
 * `undefined` when the file can be neither read nor written (a read-only checkout).
 *
 * @publicApi
 */
export function developmentSessionSecret(file = join(process.cwd(), DEVELOPMENT_SECRET_FILE)): string | undefined {
  const existing = readSecret(file);
  if (existing) return existing;
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': of processes starting together, one writes; the others read what it wrote.
    writeFileSync(file, `${randomBytes(36).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  return readSecret(file);
}

function readSecret(file: string): string | undefined {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    return secret.length >= 32 ? secret : undefined;
  } catch {
    return undefined;
  }
}
