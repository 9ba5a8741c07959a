// The Nest CLI bundles one entry per project; the launcher's generators ship beside its main.js.
module.exports = (options) => ({
  ...options,
  entry: { main: options.entry, 'new-app': './apps/dev-stack/src/new-app/main.ts' },
  output: { ...options.output, filename: 'apps/dev-stack/[name].js' },
});
