/** Unit tests are pure; integration tests talk to the real Redis and Postgres of this machine. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^@lenet-lab/(.*)$': '<rootDir>/libs/$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 120000,
};
