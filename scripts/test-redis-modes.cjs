// Runs the session and cart suites against a Sentinel set, then a Redis Cluster (TEST_REDIS_MODE,
// read by test/support/test-stack.ts); npm test runs them, with the rest, on a single Redis.
'use strict';
const { spawnSync } = require('node:child_process');

const SUITES = [
  'test/sessions.e2e-spec.ts',
  'test/session-management.e2e-spec.ts',
  'test/session-timeouts.e2e-spec.ts',
  'test/credential-changes.e2e-spec.ts',
  'test/reliability/concurrency.e2e-spec.ts',
];

for (const mode of ['sentinel', 'cluster']) {
  console.log(`\nSession and cart suites against Redis in ${mode} mode`);
  const jest = require.resolve('jest/bin/jest');
  // Path patterns before --selectProjects, which takes every argument after it.
  const run = spawnSync(process.execPath, [jest, '-c', 'test/jest.config.js', ...SUITES, '--selectProjects', 'e2e'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_REDIS_MODE: mode },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
