import { readFileSync } from 'node:fs';

/**
 * Docker secrets arrive as files: for each of `names`, when `NAME_FILE` is set, `NAME` takes the
 * file's content (trailing newline dropped). A `NAME` set directly wins, so local runs need
 * no files.
 */
export function readSecretFiles(
  env: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, string | undefined> {
  const result = { ...env };
  for (const name of names) {
    const path = env[`${name}_FILE`];
    if (!path || (result[name] !== undefined && result[name] !== '')) continue;
    try {
      result[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(`${name}_FILE: cannot read ${path} (${(error as Error).message})`);
    }
  }
  return result;
}
