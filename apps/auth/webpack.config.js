// The Nest CLI bundles one entry per project; the operator's command (docs/deploy.md) ships
// beside main.js, so an auth image can run `node dist/apps/auth/cli.js`.
module.exports = (options) => ({
  ...options,
  entry: { main: options.entry, cli: './apps/auth/src/cli.ts' },
  output: { ...options.output, filename: 'apps/auth/[name].js' },
});
