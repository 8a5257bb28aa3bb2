import { defineConfig } from 'vitest/config';

/**
 * The end-to-end suite: real npm, a real (local) registry, real child processes. Run with
 * `npx vitest run --config e2e/vitest.config.ts` (the root `npm run e2e`). Files run one after
 * the other: each starts its own registry and the machine has few cores.
 */
export default defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
