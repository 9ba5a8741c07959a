// @ts-check
const { readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');

// Path aliases come from tsconfig.json, so they are defined once.
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/*', '/(.*)')}$`,
    `<rootDir>/${target.replace(/^\.\//, '').replace('/*', '/$1')}`,
  ]),
);

// NestJS 12 and a few of its dependencies ship ES modules only; Jest on Node 20 cannot
// require them, so they are compiled to CommonJS like the project's own files.
function esmPackages() {
  const nodeModules = join(root, 'node_modules');
  const names = readdirSync(nodeModules).flatMap((name) =>
    name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((sub) => `${name}/${sub}`) : [name],
  );
  return names.filter((name) => {
    try {
      return JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  });
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const shared = {
  rootDir: root,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: { '^.+\\.(t|j)s$': swc },
  // And @fastify/cookie, which loads `cookie` with import(): Jest's module system refuses that
  // without --experimental-vm-modules; compiled to CommonJS, the import is a require.
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmPackages(), '@fastify/cookie'].map(escape).join('|')})/)`],
};

/** @type {import('jest').Config} */
module.exports = {
  // One file at a time: an e2e file runs a dozen processes, and two of them on two cores would
  // turn latency assertions into a test of the machine.
  maxWorkers: 1,
  // Starting a stack of real processes (slower on a busy machine), or waiting out a seconds-long
  // timeout, takes a while.
  testTimeout: 120_000,
  projects: [
    // And the benchmark's own pure helpers (test/bench), beside the file they test.
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/bench/*.spec.ts'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // The Nest CLI's generators run in a copy of the tree: minutes, so apart (npm run test:generators).
    { ...shared, displayName: 'generators', testMatch: ['<rootDir>/test/generators/*.generator-spec.ts'] },
    // Suites that have not yet passed whole runs reliably (docs/testing.md, "Not in CI yet"):
    // npm run test:pending runs them.
    { ...shared, displayName: 'pending', testMatch: ['<rootDir>/test/**/*.pending-spec.ts'] },
  ],
};
