// Jest runs in native ESM mode (NestJS 12 is ESM-only): see docs/decisions/0001-esm-and-workspaces.md.
const moduleNameMapper = {
  '^@fc/(api|worker)$': '<rootDir>/apps/$1/src/index.ts',
  // The worker's way to the sockets, without the gateways (libs/realtime/package.json exports it alone).
  '^@fc/realtime/emitter$': '<rootDir>/libs/realtime/src/realtime-emitter.ts',
  // The routing leader's way to the change feed, likewise without the gateways.
  '^@fc/realtime/feed$': '<rootDir>/libs/realtime/src/floor-change-feed.ts',
  '^@fc/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
  // Its ESM build imports JSON without an import attribute, which Jest is deprecating; the CommonJS build is the same code.
  '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }] },
};

/**
 * Tests that compare the floor's latency under load with its quiet latency: `npm test` runs them
 * first and by themselves (scripts/run-tests.mjs), since on two cores a test file beside them would
 * be part of what they measure (decision 0029).
 */
const ALONE = ['metrics-load.e2e-spec.ts'];

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ALONE,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'alone',
      testMatch: ALONE.map((name) => `<rootDir>/test/${name}`),
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      slowTestThreshold: 90,
    },
  ],
  testTimeout: 60_000,
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/long-first-sequencer.mjs',
};
