import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// scripts/demo.sh (the README's main job) and `npm run registry` run e2e/demo.ts and
// e2e/registry.ts under plain Node, whose type stripping resolves no `.js` specifier to a
// `.ts` source: a module they load that imports a package's sources breaks them, while the
// vitest runs of the same modules still pass. Needs `npm run build` (as the scripts do).
const repo = fileURLToPath(new URL('..', import.meta.url));

describe('the registry scripts under plain Node', () => {
  it.each(['e2e/support/kit-registry.ts', 'e2e/support/serve-registry.ts'])('loads %s', (file) => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import('./${file}')`],
      {
        cwd: repo,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
