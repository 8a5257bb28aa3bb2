import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'pdk',
      'host',
      'test-harness',
      'docs-gen',
      'create-plugin',
      'cli',
      'examples/*',
      'scripts',
    ],
  },
});
