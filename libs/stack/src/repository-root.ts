import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The monorepo's root: the nearest folder holding `nest-cli.json`, searched upwards from this
 * file (which may run from `libs/` or from a build in `dist/`) and then from the working
 * directory.
 *
 * @publicApi
 */
export function repositoryRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'nest-cli.json'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `Cannot find the repository root (a folder with nest-cli.json) above ${__dirname} or ${process.cwd()}`,
  );
}
