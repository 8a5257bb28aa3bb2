/**
 * Cold start of the real create-stack-plugin bin against bare `node -e 0`, measured in the
 * same run. Needs `npm run build` first (the bin runs dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineBench } from '../../scripts/bench-kit.ts';

const bin = fileURLToPath(new URL('../bin/create-stack-plugin.js', import.meta.url));

function spawn(args: string[]): void {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
}

const goal = '< 100 ms above node -e 0';
const goalMet = ({ diffMs }: { diffMs: number }) => diffMs < 100;

export default defineBench({
  name: 'create-plugin-cold-start',
  baseline: { name: 'node -e 0', fn: () => spawn(['-e', '0']) },
  cases: [
    { name: 'create-stack-plugin --help', fn: () => spawn([bin, '--help']), goal, goalMet },
    { name: 'create-stack-plugin --version', fn: () => spawn([bin, '--version']), goal, goalMet },
  ],
  interleave: true,
  iterations: 30,
  warmupIterations: 2,
  async setup() {
    if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
      throw new Error('create-plugin/dist is missing: run `npm run build` before the benches');
    }
  },
});
