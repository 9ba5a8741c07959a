const ROUTE_TABLE_LIST = /(export const ROUTE_TABLE: readonly AppRoute\[\] = \[)([^\]]*)(\];)/;

/**
 * `libs/stack/src/route-table.ts` with `route('<name>')` appended to `ROUTE_TABLE`, in the list's
 * own layout (one line, or one entry a line). Throws when the list is not found or already has it.
 */
export function withRouteTableEntry(source: string, name: string): string {
  const match = ROUTE_TABLE_LIST.exec(source);
  if (!match) throw new Error('Cannot find `export const ROUTE_TABLE: readonly AppRoute[] = [...]` in the route table');
  const [, opening, entries, closing] = match;
  const entry = `route('${name}')`;
  if (entries.includes(entry)) throw new Error(`The route table already has ${entry}`);
  const list = entries.includes('\n')
    ? `${entries.replace(/,?\s*$/, ',')}\n  ${entry},\n`
    : `${entries.trim() ? `${entries.trim()}, ` : ''}${entry}`;
  return source.replace(ROUTE_TABLE_LIST, () => `${opening}${list}${closing}`);
}

/** The route table without `route('<name>')`, in the list's own layout. Throws when it is not there. */
export function withoutRouteTableEntry(source: string, name: string): string {
  const match = ROUTE_TABLE_LIST.exec(source);
  if (!match) throw new Error('Cannot find `export const ROUTE_TABLE: readonly AppRoute[] = [...]` in the route table');
  const [, opening, entries, closing] = match;
  const entry = `route('${name}')`;
  if (!entries.includes(entry)) throw new Error(`The route table has no ${entry}`);
  const list = entries.includes('\n')
    ? entries.replace(`\n  ${entry},`, '')
    : entries
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item && item !== entry)
        .join(', ');
  return source.replace(ROUTE_TABLE_LIST, () => `${opening}${list}${closing}`);
}
