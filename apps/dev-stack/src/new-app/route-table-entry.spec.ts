import { withRouteTableEntry } from './route-table-entry';

describe('withRouteTableEntry', () => {
  it('appends to a list on one line', () => {
    const source = "export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('cart')];\n";
    expect(withRouteTableEntry(source, 'orders')).toBe(
      "export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('cart'), route('orders')];\n",
    );
  });

  it('appends to a list of one entry a line', () => {
    const source = "export const ROUTE_TABLE: readonly AppRoute[] = [\n  route('auth'),\n  route('cart'),\n];\n";
    expect(withRouteTableEntry(source, 'orders')).toBe(
      "export const ROUTE_TABLE: readonly AppRoute[] = [\n  route('auth'),\n  route('cart'),\n  route('orders'),\n];\n",
    );
  });

  it('refuses an app already there, or a file without the list', () => {
    expect(() =>
      withRouteTableEntry("export const ROUTE_TABLE: readonly AppRoute[] = [route('cart')];", 'cart'),
    ).toThrow(/already has/);
    expect(() => withRouteTableEntry('export const APPS = [];', 'cart')).toThrow(/Cannot find/);
  });
});
