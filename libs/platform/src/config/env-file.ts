import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { EnvironmentError } from './environment';

/**
 * Adds the variables of an env file to `env`, those already set winning: `ENV_FILE` when set,
 * else `.env` of the working directory outside production (in production a file is read only
 * when `ENV_FILE` asks for one). A missing `.env` is no error; a missing `ENV_FILE` is.
 * Returns the file read, if any.
 *
 * @publicApi
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const asked = env.ENV_FILE;
  if (!asked && env.NODE_ENV === 'production') return undefined;
  const file = resolve(asked || '.env');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if (!asked && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EnvironmentError(`ENV_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}
