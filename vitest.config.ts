import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite instances are memory- and CPU-hungry, keep the pool small.
    maxWorkers: 2,
    // One module registry per worker instead of one per file: each file no longer re-imports the
    // app, Fastify, Kysely and PGlite (about a fifth of the suite's CPU on these machines). Tests
    // keep no state in modules between files (each opens its own store and app).
    isolate: false,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // ZAIZAO_TEST_TODAY=... runs the tests as if on another day (test/support/fake-today.ts).
    setupFiles: ['./test/support/fake-today.ts', './test/support/fresh-module-state.ts'],
  },
});
