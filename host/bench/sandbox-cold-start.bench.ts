/**
 * Cold start per isolation level: load + activate of the same small plugin (the hostile
 * battery's well-behaved sibling), against the in-process executor (`none`) as baseline.
 * "cold" spawns a fresh sandbox per load (an executor with `prewarm: 0`, so it never holds a
 * spare); "pooled" takes a booted spare (SES already locked down) and boots the next spare in
 * the background. Needs `npm run build` (runs dist/).
 *
 * Each measured case must have the machine (2 cores here) to itself, as a real cold start
 * would: no earlier sandbox being torn down and no pooled executor booting its next spare in
 * the background. So loaded instances are not disposed inside a case: the "settle" steps
 * between cases dispose them and give a pooled executor the time to boot its next spare. The
 * settle steps show in the table (their time is teardown, not start-up) and carry no goal.
 * The "floor" cases (`_cold-start-floor.ts`) measure, in the same rounds, a bare worker and a
 * bare child under the strict flags, and each running SES's lockdown alone: what a sandbox
 * costs before any code of ours. Goals are those of issue 15.
 */
import { fileURLToPath } from 'node:url';
import {
  createInProcessExecutor,
  createProcessExecutor,
  createWorkerExecutor,
} from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';
import { createFloor } from './_cold-start-floor.ts';

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

/** Instances loaded since the last settle step, still running. */
const loaded: Array<{ dispose(): Promise<void> }> = [];
const floor = createFloor();

async function coldStart(executor: Loadable): Promise<void> {
  const instance = await executor.load(request);
  await instance.activate(options);
  // Disposal is not part of a cold start: a settle step does it before the next start.
  loaded.push(instance);
}

/** A pooled executor boots its next spare 50 ms after a load; this outlasts the wait and the boot. */
const SPARE_BOOT_ALLOWANCE_MS = 300;

async function settle(): Promise<void> {
  await Promise.all(loaded.splice(0).map((instance) => instance.dispose()));
  await new Promise((resolve) => setTimeout(resolve, SPARE_BOOT_ALLOWANCE_MS));
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
      name: 'strict: child process + SES, cold',
      fn: () => coldStart(executors.strictCold),
      ...under(40),
    },
    {
      name: 'limited: worker + SES, pooled spare',
      fn: () => coldStart(executors.limitedPooled),
      ...under(40),
    },
    // The pooled limited load started booting a spare: let it finish before strict runs.
    { name: 'settle: dispose, let the spare boot (not a start-up)', fn: settle },
    {
      name: 'strict: child process + SES, pooled spare',
      fn: () => coldStart(executors.strictPooled),
      ...under(15),
    },
    { name: 'settle: dispose, let the spare boot (not a start-up)', fn: settle },
    // The floor, measured in the same rounds: what Node itself costs before any sandbox code.
    // Each waits for the first message, as a sandbox's `booted` is awaited.
    { name: 'floor: bare new Worker, empty script', fn: () => floor.worker(loaded) },
    { name: 'floor: bare fork, empty script, strict flags', fn: () => floor.fork(loaded) },
    { name: 'floor: worker + SES lockdown only', fn: () => floor.worker(loaded, 'ses') },
    { name: 'floor: fork + SES lockdown only, strict flags', fn: () => floor.fork(loaded, 'ses') },
    // Leaves nothing running for the next round (the baseline, then the cold cases).
    { name: 'settle: dispose all (not a start-up)', fn: settle },
  ],
  setup: async () => {
    await floor.setup();
    // Boot the first spares so "pooled" measures the steady state.
    for (const executor of [executors.limitedPooled, executors.strictPooled])
      await coldStart(executor);
    await settle();
  },
  teardown: async () => {
    await settle();
    await Promise.all(Object.values(executors).map((e) => e.close()));
    await floor.teardown();
  },
  // Spawning is slow and noisy: interleave so load changes hit every case alike. Per round:
  // baseline, limited cold, strict cold (the idle limited sandbox beside it does not run),
  // limited pooled, settle, strict pooled, settle, the four floor cases, settle.
  interleave: true,
  iterations: 30,
  warmupIterations: 2,
});
