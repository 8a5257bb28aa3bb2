import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, createInProcessExecutor, type StateService } from '@stack-plugin/host';
import { mountPlugin } from '@stack-plugin/test-harness';
import { defineBench } from '../../scripts/bench-kit.ts';

/** A built, self-contained plugin: plain Node loads it without a TypeScript transform. */
const plugin = fileURLToPath(new URL('../test/fixtures/bundle', import.meta.url));

let root = '';

/** A plain in-memory store, so the baseline host does no disk I/O either. */
function mapState(): StateService {
  const stores = new Map<string, Map<string, unknown>>();
  const store = (scope: string) => stores.get(scope) ?? stores.set(scope, new Map()).get(scope)!;
  return {
    get: async (scope, key) => store(scope).get(key),
    set: async (scope, key, value) => void store(scope).set(key, value),
    delete: async (scope, key) => void store(scope).delete(key),
    keys: async (scope) => [...store(scope).keys()],
  };
}

/**
 * What a hand-written test does without the harness: the bare host (its own services, state
 * in memory, the plugin in-process), one load, one call, stop. The harness cases add staging, in-memory services,
 * call recording and the end-of-test check on top of exactly this.
 */
async function bareHostTest(): Promise<void> {
  // The fixture declares `limited`; run it in-process like the harness does by default.
  const inProcess = createInProcessExecutor();
  const host = createHost({
    root,
    config: { plugins: [] },
    services: { state: mapState() },
    executors: { none: inProcess, limited: inProcess, strict: inProcess },
  });
  await host.load({ path: plugin });
  const sum = await host.execute('bundle.add', { a: 2, b: 3 });
  if (sum !== 5) throw new Error(`bare host answered ${String(sum)}`);
  await host.stop();
}

/** One harness test: fresh test host, in-memory services, one call, records checked. */
async function harnessTest(i: number): Promise<void> {
  const mounted = await mountPlugin(plugin, { auto: false, root });
  const sum = await mounted.execute('bundle.add', { a: i, b: 1 });
  if (sum !== i + 1 || mounted.calls.length === 0) throw new Error('harness test failed');
  mounted.testHost.verify();
  await mounted.testHost.dispose();
}

export default defineBench({
  name: 'test-harness',
  iterations: 16,
  setup: async () => {
    root = await mkdtemp(join(tmpdir(), 'stack-harness-bench-'));
  },
  teardown: async () => {
    await rm(root, { recursive: true, force: true });
  },
  baseline: { name: 'bare host: createHost + load + execute + stop', fn: bareHostTest },
  cases: [
    {
      name: 'mountPlugin + dispose',
      goal: '< 2 ms median after the first',
      goalMet: ({ medianMs }) => medianMs < 2,
      fn: async () => {
        const mounted = await mountPlugin(plugin, { auto: false, root });
        await mounted.testHost.dispose();
      },
    },
    {
      name: 'one harness test (mount, call, check, dispose)',
      goal: '< 2x the bare-host test',
      goalMet: ({ ratio }) => ratio < 2,
      fn: () => harnessTest(1),
    },
    {
      name: '200-test plugin suite on the harness',
      items: 200,
      goal: '< 2x the bare-host test per test',
      goalMet: ({ perItemMs, baselineMedianMs }) =>
        perItemMs !== undefined && perItemMs < 2 * baselineMedianMs,
      fn: async () => {
        for (let i = 0; i < 200; i++) await harnessTest(i);
      },
    },
  ],
});
