import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // toRespondWith, toHaveEmitted, toHaveLogged, ... and the end-of-test host checks.
    setupFiles: ['@stack-plugin/test-harness/matchers'],
  },
});
