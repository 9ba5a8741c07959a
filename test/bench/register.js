// @ts-check
// Runs the benchmark's TypeScript outside Jest: compiles each .ts file with swc (already the
// test compiler, so no new dependency) and resolves the tsconfig path aliases (@app/...).
// Used as `node -r ./test/bench/register.js <file>.ts`, by `npm run bench` and for the bench
// servers it starts as child processes.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const aliases = Object.entries(compilerOptions.paths).map(([alias, [target]]) => ({
  prefix: alias.replace('/*', ''),
  wildcard: alias.endsWith('/*'),
  target: join(root, target.replace('/*', '')),
}));

const resolveFilename = /** @type {any} */ (Module)._resolveFilename;
/** @type {any} */ (Module)._resolveFilename = function (request, ...rest) {
  for (const { prefix, wildcard, target } of aliases) {
    if (request === prefix && !wildcard) return resolveFilename.call(this, target, ...rest);
    if (wildcard && request.startsWith(`${prefix}/`)) {
      return resolveFilename.call(this, join(target, request.slice(prefix.length + 1)), ...rest);
    }
  }
  return resolveFilename.call(this, request, ...rest);
};

/** @type {any} */ (require.extensions)['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
