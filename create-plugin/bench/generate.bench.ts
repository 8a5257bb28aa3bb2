/**
 * Generating a project without install or git: create-stack-plugin (a full plugin project)
 * against create-vite generating its vanilla-ts template, both spawned as real processes,
 * measured in the same run. Needs `npm run build` first (the bin runs dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBench } from '../../scripts/bench-kit.ts';

const bin = fileURLToPath(new URL('../bin/create-stack-plugin.js', import.meta.url));
const createBundle = new URL('../dist/bundle/create.js', import.meta.url).href;
const createVite = join(
  dirname(createRequire(import.meta.url).resolve('create-vite/package.json')),
  'index.js',
);
let root = '';
let n = 0;

function spawn(args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`,
    );
  }
}

// Issue 15.
const goal = '<= 1.2x create-vite vanilla-ts';
const goalMet = ({ ratio }: { ratio: number }) => ratio <= 1.2;
const ours = (template: string, features: string) => () =>
  spawn([
    bin,
    `p${++n}`,
    '-t',
    template,
    '--features',
    features,
    '--yes',
    '--no-install',
    '--no-git',
  ]);

export default defineBench({
  name: 'create-plugin-generate',
  baseline: {
    name: 'create-vite vanilla-ts',
    fn: () => spawn([createVite, `v${++n}`, '--template', 'vanilla-ts']),
  },
  cases: [
    { name: 'create-stack-plugin micro, no features', fn: ours('micro', 'none'), goal, goalMet },
    {
      name: 'create-stack-plugin integration, all features',
      fn: ours('integration', 'examples,docs,ci,changesets'),
      goal,
      goalMet,
    },
    // Floors, for reading the figures above: Node starting, and Node loading the create path's
    // bundle (compile cache on, as the bin has it) without running it.
    { name: 'floor: node -e 0', fn: () => spawn(['-e', '0']) },
    {
      name: 'floor: node loading dist/bundle/create.js only',
      fn: () => spawn([join(root, 'load-create.mjs')]),
    },
  ],
  // Spawning is slow and noisy: interleave so load changes hit every case alike.
  interleave: true,
  iterations: 20,
  warmupIterations: 2,
  async setup() {
    if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
      throw new Error('create-plugin/dist is missing: run `npm run build` before the benches');
    }
    root = mkdtempSync(join(tmpdir(), 'create-plugin-bench-'));
    writeFileSync(
      join(root, 'load-create.mjs'),
      `process.getBuiltinModule('node:module').enableCompileCache();\nawait import(${JSON.stringify(createBundle)});\n`,
    );
  },
  async teardown() {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  },
});
