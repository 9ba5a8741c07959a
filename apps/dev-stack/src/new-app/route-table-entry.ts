const ROUTE_TABLE_LIST = /(export const ROUTE_TABLE: readonly AppRoute\[\] = \[)([^\]]*)(\];)/;

/**
 * Prettier's `printWidth` (.prettierrc.json): a list that fits on one line is kept there, one
 * that does not is one entry a line, as `npm run format` would leave it, so `format:check` (CI)
 * passes after `new:app` and `remove:app` and the two undo each other exactly.
 */
const PRINT_WIDTH = 120;

/** The list laid out as Prettier lays it out: on one line when it fits, else one entry a line. */
function laidOut(opening: string, entries: readonly string[], closing: string): string {
  const oneLine = `${opening}${entries.join(', ')}${closing}`;
  if (oneLine.length <= PRINT_WIDTH) return oneLine;
  return `${opening}\n${entries.map((entry) => `  ${entry},\n`).join('')}${closing}`;
}

const entriesOf = (list: string): string[] =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * `libs/stack/src/route-table.ts` with `route('<name>')` appended to `ROUTE_TABLE`, laid out as
 * Prettier would. Throws when the list is not found or already has it.
 */
export function withRouteTableEntry(source: string, name: string): string {
  const match = ROUTE_TABLE_LIST.exec(source);
  if (!match) throw new Error('Cannot find `export const ROUTE_TABLE: readonly AppRoute[] = [...]` in the route table');
  const [, opening, entries, closing] = match;
  const entry = `route('${name}')`;
  if (entriesOf(entries).includes(entry)) throw new Error(`The route table already has ${entry}`);
  return source.replace(ROUTE_TABLE_LIST, () => laidOut(opening, [...entriesOf(entries), entry], closing));
}

/** The route table without `route('<name>')`, laid out as Prettier would. Throws when it is not there. */
export function withoutRouteTableEntry(source: string, name: string): string {
  const match = ROUTE_TABLE_LIST.exec(source);
  if (!match) throw new Error('Cannot find `export const ROUTE_TABLE: readonly AppRoute[] = [...]` in the route table');
  const [, opening, entries, closing] = match;
  const entry = `route('${name}')`;
  if (!entriesOf(entries).includes(entry)) throw new Error(`The route table has no ${entry}`);
  const kept = entriesOf(entries).filter((item) => item !== entry);
  return source.replace(ROUTE_TABLE_LIST, () => laidOut(opening, kept, closing));
}
