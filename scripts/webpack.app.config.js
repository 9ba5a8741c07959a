// The apps' build (nest-cli.json): Nest's webpack defaults, with the packages of node_modules
// bundled into main.js instead of required from node_modules at start. Loading several hundred
// modules through Node's CommonJS and ES module loaders (resolution, package.json reads, the ES
// loader NestJS 12 goes through) was about half of an app's start: with them bundled, an app is
// ready in half the time.
const { posix } = require('node:path');
const nodeExternals = require('webpack-node-externals');
const webpack = require('webpack');

// start.js beside main.js: what the image runs, main.js from the V8 code cache made when the
// image was built (libs/platform/src/boot/run-with-code-cache.ts).
const START = './libs/platform/src/boot/start.main.ts';

// Still required at run time, because they read files of their own package: swagger-ui-dist
// serves its directory, pino starts its transports from their files. (No package that imports
// Nest may stay outside: it would get a second copy of @nestjs/core, whose classes the bundled
// one does not know.)
const REQUIRED_AT_RUN_TIME = [/^swagger-ui-dist(\/|$)/, /^pino(-[\w-]+)?(\/|$)/, /^thread-stream(\/|$)/];

// A package name, scoped or not (not a relative path, nor node:fs).
const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/|$)/;

const isInstalled = (name) => {
  try {
    require.resolve(name, { paths: [process.cwd()] });
    return true;
  } catch {
    return false;
  }
};

module.exports = (options) => ({
  ...options,
  entry: { ...(typeof options.entry === 'string' ? { main: options.entry } : options.entry), start: START },
  output: { ...options.output, filename: posix.join(posix.dirname(options.output.filename), '[name].js') },
  // main.js.map beside main.js: a CPU profile of the bundle has main.js as the file of every
  // frame, and test/bench/cpu-profile-summary.ts maps them back to their packages through it.
  // Node does not read it unless started with --enable-source-maps. `nest start --debug` keeps
  // its inline map.
  devtool: options.devtool || 'source-map',
  externals: [
    // Optional peers that are not installed (@nestjs/microservices, @fastify/view, ...): left as
    // a require, which fails at run time as it did unbundled, where Nest expects it to.
    ({ request }, callback) =>
      PACKAGE.test(request) && !request.startsWith('@app/') && !isInstalled(request)
        ? callback(null, `commonjs ${request}`)
        : callback(),
    nodeExternals({ allowlist: (name) => !REQUIRED_AT_RUN_TIME.some((pattern) => pattern.test(name)) }),
  ],
  // As few files as webpack can make: a lazily imported module is in main.js (for auth, whose
  // two entries share them, in one file beside).
  plugins: [
    ...options.plugins,
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
    // Webpack leaves `import.meta.dirname` as it is in a CommonJS bundle, and Node then loads the
    // whole file as an ES module and fails. Only @nestjs/terminus's gRPC indicator (unused here)
    // uses it, for a .proto beside its module.
    new webpack.DefinePlugin({ 'import.meta.dirname': '__dirname' }),
  ],
});
