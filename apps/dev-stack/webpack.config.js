// The Nest CLI bundles one entry per project; the launcher's generators (new-app.js, openapi.js)
// ship beside its main.js.
module.exports = (options) => ({
  ...options,
  entry: {
    main: options.entry,
    'new-app': './apps/dev-stack/src/new-app/main.ts',
    openapi: './apps/dev-stack/src/openapi/main.ts',
    'remove-app': './apps/dev-stack/src/new-app/remove-app.main.ts',
  },
  output: { ...options.output, filename: 'apps/dev-stack/[name].js' },
});
