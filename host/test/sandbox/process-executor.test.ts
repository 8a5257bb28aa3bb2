import { fork } from 'node:child_process';
import inspector from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import { strictNodeFlags } from '../../src/sandbox/process-transport.js';
import { sigusr1Swallowed } from '../../src/sandbox/sigusr1-guard.js';
import { call, FakeBroker, request } from './_helpers.js';

const probe = fileURLToPath(new URL('../fixtures/hostile/_raw-child/probe.cjs', import.meta.url));

/** Runs the raw probe under the strict flags, without SES, and returns its report. */
function runRawProbe(
  args: string[],
  user?: { uid: number; gid: number },
): Promise<Record<string, unknown>> {
  const child = fork(probe, args, {
    execArgv: [...strictNodeFlags(64), `--allow-fs-read=${probe}`],
    env: {},
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    ...(user ?? {}),
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`probe exited with ${code}`)));
  });
}

afterEach(() => {
  // Should the guard ever fail, never leave a debugger open on the test process.
  if (inspector.url() !== undefined) inspector.close();
});

describe('strict sandbox without SES (second layer)', () => {
  it('denies fs outside the runtime files, child processes, workers, addons and the inspector', async () => {
    const report = await runRawProbe([]);
    expect(report).toMatchObject({
      readOutside: { ok: false, code: 'ERR_ACCESS_DENIED' },
      readOwnFolder: { ok: false, code: 'ERR_ACCESS_DENIED' },
      write: { ok: false, code: 'ERR_ACCESS_DENIED' },
      childProcess: { ok: false, code: 'ERR_ACCESS_DENIED' },
      worker: { ok: false, code: 'ERR_ACCESS_DENIED' },
      addon: { ok: false, code: 'ERR_DLOPEN_DISABLED' },
      inspector: { ok: false, code: 'ERR_ACCESS_DENIED' },
      envKeys: '',
    });
  });

  it('cannot open the host debugger with SIGUSR1 while a strict plugin runs', async () => {
    const executor = createProcessExecutor({ prewarm: 0 });
    const instance = await executor.load(request('_sibling', new FakeBroker()));
    const before = sigusr1Swallowed();
    // Same user as the host, so the signal is delivered: only the host-side guard stops it.
    const report = await runRawProbe(['signal']);
    expect(report.signalHost).toEqual({ ok: true, value: 'true' });
    for (let i = 0; i < 50 && sigusr1Swallowed() === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(sigusr1Swallowed()).toBe(before + 1);
    expect(inspector.url()).toBeUndefined();
    await instance.dispose();
    await executor.close();
    // The guard stays: removing it would make SIGUSR1 terminate the host.
    expect(process.listenerCount('SIGUSR1')).toBe(1);
  });

  it.runIf(process.getuid?.() === 0)(
    'runs as nobody when the host is root, so it cannot signal the host at all',
    async () => {
      const report = await runRawProbe(['signal'], { uid: 65534, gid: 65534 });
      expect(report).toMatchObject({ uid: 65534, signalHost: { ok: false, code: 'EPERM' } });
    },
  );
});

describe('strict executor', () => {
  const executor = createProcessExecutor({ prewarm: 0 });
  afterAll(() => executor.close());

  it('runs a plugin end to end under the strict flags', async () => {
    const instance = await executor.load(request('_sibling', new FakeBroker()));
    await instance.activate(call());
    expect(await instance.invoke('commands', 'sibling.ping', 1, call())).toMatchObject({ pong: 1 });
    await instance.dispose();
  });

  it('passes only the runtime files to --allow-fs-read', () => {
    const reads = strictNodeFlags(64)
      .filter((flag) => flag.startsWith('--allow-fs-read='))
      .map((flag) =>
        flag.slice('--allow-fs-read='.length).replace(/^.*\/(host|node_modules)\//, '$1/'),
      );
    expect(reads).toEqual([
      'host/src/sandbox/sandbox-main.ts',
      'host/src/executor/plugin-runtime.ts',
      'host/src/sandbox/_protocol.ts',
      'host/src/broker/payload-rules.ts',
      'node_modules/ses/dist/ses.umd.min.js',
      'host/package.json',
    ]);
    expect(strictNodeFlags(64)).toContain('--max-old-space-size=80');
  });
});
