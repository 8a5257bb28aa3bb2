/**
 * Lazy activation: host start (and stop) with 100 trivial plugins (isolation `none`) activated
 * eagerly (the baseline, measured in the same run) and lazily (manifest `activationEvents: []`),
 * and the first call of one lazy plugin (which loads and activates it), in process and in a
 * worker sandbox (`limited`). The first-call cost is the difference between a "+ first call"
 * case and "lazy start". Needs `npm run build` (runs dist/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';
import { writeTrivialPlugins } from './_trivial-plugins.ts';

const COUNT = 100;
let root = '';

const run = (kind: 'eager' | 'lazy', firstCall?: 'none' | 'limited') => async (): Promise<void> => {
  const host = createHost({
    root,
    config: {
      plugins: Array.from({ length: COUNT }, (_, i) => ({
        path: `${kind}/p${i}`,
        ...(i === 0 && firstCall === 'limited' ? { isolation: 'limited' as const } : {}),
      })),
    },
    env: {},
  });
  await host.start();
  try {
    if (firstCall !== undefined && (await host.execute('c0')) !== 0) throw new Error('c0');
  } finally {
    await host.stop();
  }
};

export default defineBench({
  name: 'host-lazy-start',
  baseline: { name: `eager start, ${COUNT} plugins`, fn: run('eager'), items: COUNT },
  cases: [
    {
      name: `lazy start, ${COUNT} plugins`,
      fn: run('lazy'),
      items: COUNT,
      goal: 'faster than eager',
      goalMet: ({ ratio }) => ratio < 1,
    },
    { name: 'lazy start + first call (none)', fn: run('lazy', 'none') },
    { name: 'lazy start + first call (limited)', fn: run('lazy', 'limited') },
  ],
  setup: async () => {
    root = await mkdtemp(join(tmpdir(), 'stack-host-lazy-bench-'));
    await writeTrivialPlugins(join(root, 'eager'), COUNT);
    await writeTrivialPlugins(join(root, 'lazy'), COUNT, { activationEvents: [] });
  },
  teardown: () => rm(root, { recursive: true, force: true }),
  iterations: 30,
  time: 0,
  warmupIterations: 2,
  interleave: true,
});
