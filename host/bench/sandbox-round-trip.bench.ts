/**
 * Call round trip per isolation level: the host invokes a command that returns its input
 * (no capability calls), against the in-process executor (`none`) as baseline. The
 * sandboxed round trip includes the host-side validation of the result (shape, payload,
 * prototype keys). Floor cases in the same run: the same input echoed by a bare worker
 * (`postMessage` both ways) and by a bare child process under the strict sandbox's Node flags
 * (IPC with structured-clone serialization), with none of our code on either side. Rounds
 * are interleaved, so the floor and the sandboxes meet the machine in the same state: on the
 * 2-core KVM machines an idle core sleeps between messages, and waking it is most of a round
 * trip. Needs `npm run build` (runs dist/).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  createInProcessExecutor,
  createProcessExecutor,
  createWorkerExecutor,
} from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';
import { strictNodeFlags } from '../dist/sandbox/process-transport.js';

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
const under = (us: number) => ({
  goal: `< ${us} us (issue 15)`,
  goalMet: ({ medianMs }: { medianMs: number }) => medianMs < us / 1000,
});

// CommonJS, so the floor loads no ES module machinery: it echoes every message back.
const ECHO = `const { parentPort } = require('node:worker_threads');
if (parentPort) parentPort.on('message', (m) => parentPort.postMessage(m));
else process.on('message', (m) => process.send(m));
`;
let floorDir = '';
let bareWorker: Worker | undefined;
let bareChild: ChildProcess | undefined;
/** Sends `input` to `target` and resolves with its echo. */
function echo(target: Worker | ChildProcess): Promise<unknown> {
  return new Promise((resolve) => {
    target.once('message', resolve);
    if (target instanceof Worker) target.postMessage(input);
    else target.send(input);
  });
}

export default defineBench({
  name: 'sandbox-round-trip',
  baseline: { name: 'none: in-process invoke', fn: roundTrip('none') },
  cases: [
    { name: 'limited: worker invoke', fn: roundTrip('limited'), ...under(30) },
    { name: 'strict: child process invoke', fn: roundTrip('strict'), ...under(40) },
    {
      name: 'floor: a bare worker echoes the input (postMessage both ways)',
      fn: () => echo(bareWorker as Worker),
    },
    {
      name: 'floor: a bare child process echoes the input (IPC, strict flags)',
      fn: () => echo(bareChild as ChildProcess),
    },
  ],
  setup: async () => {
    for (const level of ['none', 'limited', 'strict'] as const) {
      const instance = (await executors[level].load(request)) as unknown as Instance;
      await instance.activate(options);
      instances[level] = instance;
    }
    floorDir = await mkdtemp(join(tmpdir(), 'round-trip-floor-'));
    const script = join(floorDir, 'echo.cjs');
    await writeFile(script, ECHO);
    bareWorker = new Worker(script, { env: {}, execArgv: [], argv: [] });
    bareChild = fork(script, [], {
      execArgv: [...strictNodeFlags(64), `--allow-fs-read=${script}`],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    // Both answer once they run: the first echo waits for their start-up.
    await Promise.all([echo(bareWorker), echo(bareChild)]);
  },
  teardown: async () => {
    await Promise.all([executors.limited.close(), executors.strict.close()]);
    await bareWorker?.terminate();
    bareChild?.kill('SIGKILL');
    if (floorDir !== '') await rm(floorDir, { recursive: true, force: true });
  },
  iterations: 2_000,
  interleave: true,
});
