// The Nest CLI bundles one entry per project; the operator's command (cli.js grant-role) ships
// beside the app's main.js, so it runs inside a replica's container.
module.exports = (options) => ({
  ...options,
  entry: { main: options.entry, cli: './apps/auth/src/cli.ts' },
  output: { ...options.output, filename: 'apps/auth/[name].js' },
});
