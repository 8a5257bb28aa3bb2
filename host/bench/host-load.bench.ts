/**
 * Start-up cost of the host: discover, validate, order, load and activate N trivial plugins
 * (isolation `none`), then stop. Goal: under 1 ms a plugin, growing linearly (the per-plugin
 * figure of 1,000 plugins close to that of 100). Needs `npm run build` (runs dist/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';
import { writeTrivialPlugins } from './_trivial-plugins.ts';

let root = '';

const startStop = (count: number) => async () => {
  const host = createHost({
    root,
    config: { plugins: Array.from({ length: count }, (_, i) => ({ path: `plugins/p${i}` })) },
    env: {},
  });
  await host.start();
  await host.stop();
};

const perPluginUnder1ms = {
  goal: '< 1 ms a plugin',
  goalMet: ({ perItemMs }: { perItemMs: number | undefined }) => (perItemMs ?? Infinity) < 1,
};

export default defineBench({
  name: 'host-load',
  baseline: { name: '1 plugin', fn: startStop(1), items: 1 },
  cases: [
    { name: '100 plugins', fn: startStop(100), items: 100, ...perPluginUnder1ms },
    { name: '1,000 plugins', fn: startStop(1000), items: 1000, ...perPluginUnder1ms },
  ],
  setup: async () => {
    root = await mkdtemp(join(tmpdir(), 'stack-host-bench-'));
    await writeTrivialPlugins(join(root, 'plugins'), 1000);
  },
  teardown: () => rm(root, { recursive: true, force: true }),
  iterations: 5,
  time: 0,
  warmupIterations: 1,
});
