// NestJS 12 ships ESM; jest's CJS runtime cannot require(esm) on Node 20,
// so swc compiles both our TypeScript and those ESM packages to CommonJS.
// Type checking is `npm run typecheck` (run before the tests by `npm test`).
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
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  maxWorkers: 2,
  testTimeout: 60_000,
};
