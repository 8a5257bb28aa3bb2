import { describe, expect, it } from 'vitest';
import { detectPackageManager, packageManagerCommands } from './package-manager.js';

describe('detectPackageManager', () => {
  it.each([
    ['npm/10.9.0 node/v22.12.0 linux x64 workspaces/false', 'npm'],
    ['pnpm/9.15.0 npm/? node/v22.12.0 linux x64', 'pnpm'],
    ['yarn/4.5.3 npm/? node/v22.12.0 linux x64', 'yarn'],
    ['bun/1.1.38 npm/? node/v22.12.0 linux x64', 'bun'],
    ['deno/2.0.0', 'npm'],
    [undefined, 'npm'],
    ['', 'npm'],
  ] as const)('%j -> %s', (agent, pm) => {
    expect(detectPackageManager(agent)).toBe(pm);
  });
});

describe('packageManagerCommands', () => {
  it('knows how each installs and runs scripts', () => {
    expect(packageManagerCommands('npm')).toEqual({ install: ['npm', 'install'], run: 'npm run' });
    expect(packageManagerCommands('pnpm')).toEqual({ install: ['pnpm', 'install'], run: 'pnpm' });
    expect(packageManagerCommands('yarn')).toEqual({ install: ['yarn'], run: 'yarn' });
    expect(packageManagerCommands('bun')).toEqual({ install: ['bun', 'install'], run: 'bun run' });
  });
});
