/**
 * Cold start per isolation level: load + activate of the same small plugin (the hostile
 * battery's well-behaved sibling), against the in-process executor (`none`) as baseline.
 * "cold" spawns a fresh sandbox per load; "pooled" takes a booted spare (SES already locked
 * down) and boots the next spare in the background. Needs `npm run build` (runs dist/).
 */
import { fileURLToPath } from 'node:url';
import {
  createInProcessExecutor,
  createProcessExecutor,
  createWorkerExecutor,
} from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';

const dir = fileURLToPath(new URL('../test/fixtures/hostile/_sibling/', import.meta.url));
const request = {
  plugin: { name: 'bench-sibling', version: '1.0.0', dir, entry: `${dir}index.js` },
  config: {},
  limits: { timeoutMs: 10_000, memoryMb: 64 },
  capabilities: async () => undefined,
};
const options = { caller: 'bench', timeoutMs: 10_000 };

let fresh = 0;
const none = createInProcessExecutor({
  // A new URL per load, so every load evaluates the module again instead of hitting the cache.
  importModule: (url: string) => import(`${url}?load=${fresh++}`),
});
const executors = {
  limitedCold: createWorkerExecutor({ prewarm: 0 }),
  limitedPooled: createWorkerExecutor({ prewarm: 1 }),
  strictCold: createProcessExecutor({ prewarm: 0 }),
  strictPooled: createProcessExecutor({ prewarm: 1 }),
};

type Loadable = {
  load(
    r: typeof request,
  ): Promise<{ activate(o: typeof options): Promise<void>; dispose(): Promise<void> }>;
};

async function coldStart(executor: Loadable): Promise<void> {
  const instance = await executor.load(request);
  await instance.activate(options);
  // Disposal is not part of a cold start; it runs while the next case is measured.
  void instance.dispose();
}

const under = (ms: number) => ({
  goal: `< ${ms} ms`,
  goalMet: ({ medianMs }: { medianMs: number }) => medianMs < ms,
});

export default defineBench({
  name: 'sandbox-cold-start',
  baseline: {
    name: 'none: in-process load + activate',
    fn: () => coldStart(none as unknown as Loadable),
  },
  cases: [
    {
      name: 'limited: worker + SES, cold',
      fn: () => coldStart(executors.limitedCold),
      ...under(40),
    },
    {
      name: 'limited: worker + SES, pooled spare',
      fn: () => coldStart(executors.limitedPooled),
      ...under(40),
    },
    {
      name: 'strict: child process + SES, cold',
      fn: () => coldStart(executors.strictCold),
      ...under(60),
    },
    {
      name: 'strict: child process + SES, pooled spare',
      fn: () => coldStart(executors.strictPooled),
      ...under(60),
    },
  ],
  setup: async () => {
    // Boot the first spares so "pooled" measures the steady state.
    for (const executor of [executors.limitedPooled, executors.strictPooled])
      await coldStart(executor);
  },
  teardown: async () => {
    await Promise.all(Object.values(executors).map((e) => e.close()));
  },
  // Spawning is slow and noisy: interleave so load changes hit every case alike, and so a
  // pooled executor has time to boot its next spare between two of its loads.
  interleave: true,
  iterations: 30,
  warmupIterations: 2,
});
