/**
 * `stack-plugin add <plugin>` against `npm install <plain package>` of the same size from the
 * same local registry, each into a fresh host project with a warm npm cache (the usual case
 * for a host maintainer). The difference is what `add` costs on top of npm: validating the
 * manifest, the host-range and integrity checks, and recording stack.config.json.
 * Needs `npm run build` first (the real bin is spawned).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineBench } from '../../scripts/bench-kit.ts';
import { writeFixturePlugin } from '../support/fixture-plugin.ts';
import { type LocalRegistry, startLocalRegistry } from '../support/local-registry.ts';
import { createNpmEnv, type NpmEnv } from '../support/npm-env.ts';
import { publishPlainLibrary } from '../support/plain-packages.ts';
import { run } from '../support/run.ts';

const bin = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'stack-plugin.js');
let registry: LocalRegistry;
let env: NpmEnv;
let round = 0;

/** Run `command` in a fresh host project (package.json only). */
async function inFreshProject(command: string, args: string[]): Promise<void> {
  round += 1;
  const dir = await mkdtemp(join(registry.root, `host-${round}-`));
  try {
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'host', private: true }));
    await run(command, args, { cwd: dir, env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export default defineBench({
  name: 'distribution-add',
  async setup() {
    registry = await startLocalRegistry();
    env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
    const plugin = await writeFixturePlugin(join(registry.root, 'plugin'), {
      name: 'stack-plugin-bench',
      version: '1.0.0',
    });
    await run('npm', ['publish', '--ignore-scripts'], { cwd: plugin, env });
    await publishPlainLibrary(join(registry.root, 'plain'), 'plain-bench', env);
  },
  async teardown() {
    await registry?.stop();
  },
  baseline: {
    name: 'npm install plain-bench',
    fn: () => inFreshProject('npm', ['install', '--no-audit', '--no-fund', 'plain-bench']),
  },
  cases: [
    {
      name: 'stack-plugin add stack-plugin-bench',
      fn: () => inFreshProject(process.execPath, [bin, 'add', 'stack-plugin-bench']),
      goal: '< 300 ms above npm install',
      goalMet: ({ diffMs }) => diffMs < 300,
    },
  ],
  interleave: true,
  iterations: 8,
  warmupIterations: 1,
});
