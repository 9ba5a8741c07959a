// The apps' build (../../scripts/webpack.app.config.js), with a second entry: the operator's command
// (docs/deploy.md) ships beside main.js, so an auth image can run `node dist/apps/auth/cli.js`.
const appBuild = require('../../scripts/webpack.app.config');

module.exports = (options) =>
  appBuild({
    ...options,
    entry: { main: options.entry, cli: './apps/auth/src/cli.ts' },
  });
