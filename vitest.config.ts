import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'test',
      'pdk',
      'host',
      'host/vitest.soak.config.ts',
      'test-harness',
      'docs-gen',
      'create-plugin',
      'cli',
      'examples/*',
      'scripts',
    ],
  },
});
