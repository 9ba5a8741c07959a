// @ts-check
// `npm run test:swarm`: the stack on a real Docker engine in swarm mode (docs/deploy.md, "How this
// is checked").
// Not part of `npm test`: it starts dockerd as root, builds images and takes minutes.
const { projects } = require('../jest.config');

const e2e = /** @type {import('jest').Config} */ (
  projects?.find((project) => typeof project === 'object' && project.displayName === 'e2e')
);

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  displayName: 'swarm',
  testMatch: ['<rootDir>/test/swarm/**/*.swarm-spec.ts'],
  maxWorkers: 1,
  // Each step waits for Swarm: a rolling update, a rollback, a restart of Redis.
  testTimeout: 300_000,
};
