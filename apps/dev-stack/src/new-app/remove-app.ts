import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOYMENT_FILES, ROUTE_TABLE_FILE } from './add-app';
import { appFiles } from './app-files';
import { appNames } from './app-name';
import { withoutNestCliProject } from './nest-cli-project';
import { withoutRouteTableEntry } from './route-table-entry';
import { withoutAppService } from './stack-file-service';

/**
 * Undoes {@link addApp}: removes the app's folder and e2e spec, and its entries in the route
 * table, `nest-cli.json` and the deployment files. Every edit is worked out before anything is
 * changed, so an app that is not wired as `new:app` wires it leaves the repository as it was.
 * Files `new:app` did not write, or that changed since, are work of the team's: without `force`
 * they stop the removal, named, before anything is deleted. Returns the paths removed or edited.
 */
export function removeApp(root: string, name: string, { force = false } = {}): string[] {
  const folder = `apps/${name}`;
  const generated = appFiles(appNames(name));
  if (!existsSync(join(root, folder))) throw new Error(`There is no app ${name} (no ${folder})`);
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  const own = [...filesUnder(root, folder), `test/${name}.e2e-spec.ts`].filter(
    (path) => existsSync(join(root, path)) && generated[path] !== read(path),
  );
  if (own.length && !force) {
    throw new Error(
      `${own.join(', ')}: not written by new:app, or changed since. Commit or move them first, ` +
        'then pass --force to delete them with the app',
    );
  }
  const edits: Record<string, string> = {
    [ROUTE_TABLE_FILE]: withoutRouteTableEntry(read(ROUTE_TABLE_FILE), name),
    'nest-cli.json': withoutNestCliProject(read('nest-cli.json'), name),
    ...Object.fromEntries(DEPLOYMENT_FILES.map((file) => [file, withoutAppService(file, read(file), name)])),
  };
  const removed = [folder, `test/${name}.e2e-spec.ts`].filter((path) => existsSync(join(root, path)));
  for (const path of removed) rmSync(join(root, path), { recursive: true });
  for (const [path, content] of Object.entries(edits)) writeFileSync(join(root, path), content);
  return [...removed, ...Object.keys(edits)];
}

/** Every file below `folder`, by path from `root`. */
function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}
