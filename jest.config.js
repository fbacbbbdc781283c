/** Jest runs unit specs beside the code and the integration and e2e suites under test/. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '.*\\.(spec|e2e-spec|int-spec|property-spec)\\.ts$',
  // Local databases and scratch copies live under .data, as in .gitignore.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 60000,
};
