// `npm run --silent apps`: the apps of the route table (what npm start runs and docker/ deploys),
// one a line; `npm run --silent apps -- '|'` joins them (a Prometheus regex, a shell list).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const source = readFileSync(join(__dirname, '..', 'libs', 'stack', 'src', 'route-table.ts'), 'utf8');
const list = /export const ROUTE_TABLE: readonly AppRoute\[\] = \[([^\]]*)\]/.exec(source);
if (!list) {
  console.error('Cannot find ROUTE_TABLE in libs/stack/src/route-table.ts');
  process.exit(1);
}
const apps = [...list[1].matchAll(/route\('([a-z][a-z0-9]*)'\)/g)].map(([, app]) => app);
const separator = process.argv[2] ?? '\n';
process.stdout.write(`${apps.join(separator)}\n`);
