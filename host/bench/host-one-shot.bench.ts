/**
 * A one-shot host run, as a CLI embedding the host does it (`stack-plugin run`): start, one
 * call, stop, with `COUNT` plugins at isolation `limited` (a worker with SES each). Baseline:
 * every plugin activated at start (today's eager start, measured in the same run); case: the
 * same plugins lazy (manifest `activationEvents: []`), so only the called one starts a
 * sandbox. Needs `npm run build` (runs dist/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';
import { writeTrivialPlugins } from './_trivial-plugins.ts';

const COUNT = 4;
let root = '';

const oneShot = (kind: 'eager' | 'lazy') => async (): Promise<void> => {
  const host = createHost({
    root,
    config: { plugins: Array.from({ length: COUNT }, (_, i) => ({ path: `${kind}/p${i}` })) },
    env: {},
  });
  await host.start();
  try {
    if ((await host.execute('c1')) !== 1) throw new Error('c1');
  } finally {
    await host.stop();
  }
};

export default defineBench({
  name: 'host-one-shot',
  baseline: { name: `eager: start, 1 call, stop (${COUNT} limited)`, fn: oneShot('eager') },
  cases: [
    {
      name: `lazy: start, 1 call, stop (${COUNT} limited)`,
      fn: oneShot('lazy'),
      goal: 'faster than eager',
      goalMet: ({ ratio }) => ratio < 1,
    },
  ],
  setup: async () => {
    root = await mkdtemp(join(tmpdir(), 'stack-host-one-shot-bench-'));
    await writeTrivialPlugins(join(root, 'eager'), COUNT, { isolation: 'limited' });
    await writeTrivialPlugins(join(root, 'lazy'), COUNT, {
      isolation: 'limited',
      activationEvents: [],
    });
  },
  teardown: () => rm(root, { recursive: true, force: true }),
  iterations: 12,
  time: 0,
  warmupIterations: 1,
  interleave: true,
});
