import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appFiles } from './app-files';
import { appNames } from './app-name';
import { withNestCliProject } from './nest-cli-project';
import { withRouteTableEntry } from './route-table-entry';
import { DeploymentFile, withAppService } from './stack-file-service';

export const ROUTE_TABLE_FILE = 'libs/stack/src/route-table.ts';
export const DEPLOYMENT_FILES: readonly DeploymentFile[] = [
  'docker/stack.yml',
  'docker/compose.yml',
  'docker/stack.sentinel.yml',
];

/**
 * Adds the app `name` to the monorepo at `root`: its files (see `appFiles`), its entry in the
 * route table, its Nest CLI project and its services in the deployment files. Every change is
 * worked out before anything is written, so a name that is taken or a file that cannot be
 * edited leaves the repository as it was. Returns the paths written, new files first.
 */
export function addApp(root: string, name: string): string[] {
  const names = appNames(name);
  const files = appFiles(names);
  const taken = [`apps/${name}`, ...Object.keys(files)].filter((path) => existsSync(join(root, path)));
  if (taken.length) throw new Error(`The app cannot be added over what exists: ${taken.join(', ')}`);

  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  const edits: Record<string, string> = {
    [ROUTE_TABLE_FILE]: withRouteTableEntry(read(ROUTE_TABLE_FILE), name),
    'nest-cli.json': withNestCliProject(read('nest-cli.json'), name),
    ...Object.fromEntries(DEPLOYMENT_FILES.map((file) => [file, withAppService(file, read(file), names)])),
  };

  const changes = { ...files, ...edits };
  for (const [path, content] of Object.entries(changes)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return Object.keys(changes);
}
