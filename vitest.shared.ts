import { defineProject, mergeConfig, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Per-package vitest settings. The `source` condition resolves sibling workspace packages to
 * their TypeScript sources, so tests never run against a stale `dist/`.
 */
export function defineStackProject(name: string, extra: UserWorkspaceConfig = {}) {
  return mergeConfig(
    defineProject({
      resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
      // Vitest hands these to its worker processes as `--conditions`, which also steer
      // require(): with `import` among them, a CommonJS package requiring a dual one (pg ->
      // pg-pool) got its ESM namespace instead of its class. Imports get `import` anyway.
      ssr: { resolve: { conditions: ['source', 'node', 'default'] } },
      test: { name, testTimeout: 20_000, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
    }),
    extra,
  );
}
