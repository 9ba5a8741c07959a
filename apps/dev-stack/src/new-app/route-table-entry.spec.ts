import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@app/stack';
import { ROUTE_TABLE_FILE } from './add-app';
import { withoutRouteTableEntry, withRouteTableEntry } from './route-table-entry';

describe('withRouteTableEntry', () => {
  it('appends to a list on one line', () => {
    const source = "export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('cart')];\n";
    expect(withRouteTableEntry(source, 'orders')).toBe(
      "export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('cart'), route('orders')];\n",
    );
  });

  it('puts one entry a line once the list no longer fits on one', () => {
    const source = `export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('profile'), route('cart'), route('web')];\n`;
    expect(withRouteTableEntry(source, 'orders')).toBe(
      "export const ROUTE_TABLE: readonly AppRoute[] = [\n  route('auth'),\n  route('profile'),\n  route('cart'),\n  route('web'),\n  route('orders'),\n];\n",
    );
    expect(withoutRouteTableEntry(withRouteTableEntry(source, 'orders'), 'orders')).toBe(source);
  });

  // CI runs format:check: whatever the name, the edited route table is as Prettier leaves it.
  // (Prettier's CLI, as format:check runs it: its API is loaded by a dynamic import Jest refuses.)
  const format = (source: string): string =>
    execFileSync(
      process.execPath,
      [join('node_modules', 'prettier', 'bin', 'prettier.cjs'), '--stdin-filepath', ROUTE_TABLE_FILE],
      { cwd: repositoryRoot(), input: source, encoding: 'utf8' },
    );

  it.each(['a', 'orders', 'invoices', 'notificationsarchive'])('lays the list out as Prettier does (%s)', (name) => {
    const added = withRouteTableEntry(readFileSync(join(repositoryRoot(), ROUTE_TABLE_FILE), 'utf8'), name);
    expect(added).toBe(format(added));
    const twice = withRouteTableEntry(added, `${name}two`);
    expect(twice).toBe(format(twice));
    expect(withoutRouteTableEntry(twice, `${name}two`)).toBe(added);
  });

  it('refuses an app already there, or a file without the list', () => {
    expect(() =>
      withRouteTableEntry("export const ROUTE_TABLE: readonly AppRoute[] = [route('cart')];", 'cart'),
    ).toThrow(/already has/);
    expect(() => withRouteTableEntry('export const APPS = [];', 'cart')).toThrow(/Cannot find/);
  });
});
