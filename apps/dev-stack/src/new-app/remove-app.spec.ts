import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, ROUTE_TABLE } from '@app/stack';
import { DEPLOYMENT_FILES, ROUTE_TABLE_FILE } from './add-app';
import { appNames } from './app-name';
import { withNestCliProject, withoutNestCliProject } from './nest-cli-project';
import { withoutRouteTableEntry, withRouteTableEntry } from './route-table-entry';
import { withAppService, withoutAppService } from './stack-file-service';

// remove:app undoes new:app: each edit of the repository's own files, reversed, gives them back.
describe('remove:app edits', () => {
  const read = (path: string): string => readFileSync(join(repositoryRoot(), path), 'utf8');
  const orders = appNames('orders');

  it('takes the entry out of the route table', () => {
    const source = read(ROUTE_TABLE_FILE);
    expect(withoutRouteTableEntry(withRouteTableEntry(source, 'orders'), 'orders')).toBe(source);
    expect(() => withoutRouteTableEntry(source, 'orders')).toThrow("The route table has no route('orders')");
  });

  it('takes the project out of nest-cli.json', () => {
    const source = read('nest-cli.json');
    expect(withoutNestCliProject(withNestCliProject(source, 'orders'), 'orders')).toBe(source);
    expect(() => withoutNestCliProject(source, 'platform')).toThrow('nest-cli.json has no application "platform"');
  });

  it.each(DEPLOYMENT_FILES.map((file) => [file]))('takes the service out of %s', (file) => {
    const source = read(file);
    expect(withoutAppService(file, withAppService(file, source, orders), 'orders')).toBe(source);
    expect(() => withoutAppService(file, source, 'orders')).toThrow(`${file} has no service "orders"`);
  });

  it('npm run apps prints the route table', () => {
    const printed = execFileSync(process.execPath, [join(repositoryRoot(), 'scripts', 'apps.cjs')], {
      encoding: 'utf8',
    });
    expect(printed.trim().split('\n')).toEqual(ROUTE_TABLE.map(({ app }) => app));
  });
});
