// `npm run build`: `nest build` for every application in nest-cli.json (libraries are bundled into
// each app's dist/apps/<app>/main.js, so building them alone, as `--all` does, is wasted work).
'use strict';
const { spawnSync } = require('node:child_process');
const { projects } = require('../nest-cli.json');

const apps = Object.keys(projects).filter((name) => projects[name].type === 'application');
// npm run puts node_modules/.bin on PATH.
const { status } = spawnSync('nest', ['build', ...apps, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
