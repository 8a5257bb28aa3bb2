/**
 * Cold start of the real `stack-plugin` bin (spawned processes) against bare `node -e 0`,
 * measured in the same run. Needs `npm run build` first (the bin runs dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineBench } from '../../scripts/bench-kit.ts';

const bin = fileURLToPath(new URL('../bin/stack-plugin.js', import.meta.url));
const fixture = fileURLToPath(new URL('../test/fixtures/valid-plugin', import.meta.url));

function spawn(args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`,
    );
  }
}

const goal = '< 100 ms above node -e 0';
const goalMet = ({ diffMs }: { diffMs: number }) => diffMs < 100;

export default defineBench({
  name: 'cli-cold-start',
  baseline: { name: 'node -e 0', fn: () => spawn(['-e', '0']) },
  cases: [
    { name: 'stack-plugin --version', fn: () => spawn([bin, '--version']), goal, goalMet },
    { name: 'stack-plugin --help', fn: () => spawn([bin, '--help']), goal, goalMet },
    {
      name: 'stack-plugin validate <fixture>',
      fn: () => spawn([bin, 'validate', fixture]),
      goal,
      goalMet,
    },
    {
      name: 'stack-plugin validate <fixture> --json',
      fn: () => spawn([bin, 'validate', fixture, '--json']),
      goal,
      goalMet,
    },
    {
      // The bin enables Node's compile cache; this is a first run on a machine (or a run
      // where the cache folder is not writable), for comparison.
      name: 'stack-plugin validate <fixture>, no compile cache',
      fn: () => spawn([bin, 'validate', fixture], { NODE_DISABLE_COMPILE_CACHE: '1' }),
    },
  ],
  // Spawning is slow and noisy: interleave so load changes hit every case alike.
  interleave: true,
  iterations: 30,
  warmupIterations: 2,
  async setup() {
    if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
      throw new Error('cli/dist is missing: run `npm run build` before the benches');
    }
  },
});
