// The Nest CLI bundles one entry per project; the launcher's generators (new-app.js, openapi.js,
// remove-app.js) ship beside its main.js. The launcher has no DTOs for the Swagger plugin, so
// ts-loader only transpiles it (seconds, not a type-checked program): `npm run typecheck` checks it.
module.exports = (options) => ({
  ...options,
  entry: {
    main: options.entry,
    'new-app': './apps/dev-stack/src/new-app/main.ts',
    openapi: './apps/dev-stack/src/openapi/main.ts',
    'remove-app': './apps/dev-stack/src/new-app/remove-app.main.ts',
  },
  output: { ...options.output, filename: 'apps/dev-stack/[name].js' },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: [
          { loader: 'ts-loader', options: { transpileOnly: true, configFile: 'apps/dev-stack/tsconfig.app.json' } },
        ],
      },
    ],
  },
});
