/**
 * Call round trip per isolation level: the host invokes a command that returns its input
 * (no capability calls), against the in-process executor (`none`) as baseline. The
 * sandboxed round trip includes the host-side validation of the result (shape, payload,
 * prototype keys). Needs `npm run build` (runs dist/).
 */
import { fileURLToPath } from 'node:url';
import {
  createInProcessExecutor,
  createProcessExecutor,
  createWorkerExecutor,
} from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';

const dir = fileURLToPath(new URL('../test/fixtures/hostile/_features/', import.meta.url));
const request = {
  plugin: { name: 'bench-features', version: '1.0.0', dir, entry: `${dir}index.js` },
  config: {},
  limits: { timeoutMs: 10_000, memoryMb: 64 },
  capabilities: async () => undefined,
};
const options = { caller: 'bench', timeoutMs: 10_000 };
const input = { id: 42, name: 'round trip' };

type Instance = {
  invoke(k: 'commands', id: string, input: unknown, o: typeof options): Promise<unknown>;
  activate(o: typeof options): Promise<void>;
};
const executors = {
  none: createInProcessExecutor(),
  limited: createWorkerExecutor({ prewarm: 0 }),
  strict: createProcessExecutor({ prewarm: 0 }),
};
const instances: Partial<Record<keyof typeof executors, Instance>> = {};
const roundTrip = (level: keyof typeof executors) => () =>
  (instances[level] as Instance).invoke('commands', 'echo', input, options);
const under40us = {
  goal: '< 40 us',
  goalMet: ({ medianMs }: { medianMs: number }) => medianMs < 0.04,
};

export default defineBench({
  name: 'sandbox-round-trip',
  baseline: { name: 'none: in-process invoke', fn: roundTrip('none') },
  cases: [
    { name: 'limited: worker invoke', fn: roundTrip('limited'), ...under40us },
    { name: 'strict: child process invoke', fn: roundTrip('strict'), ...under40us },
  ],
  setup: async () => {
    for (const level of ['none', 'limited', 'strict'] as const) {
      const instance = (await executors[level].load(request)) as unknown as Instance;
      await instance.activate(options);
      instances[level] = instance;
    }
  },
  teardown: async () => {
    await Promise.all([executors.limited.close(), executors.strict.close()]);
  },
  iterations: 2_000,
});
