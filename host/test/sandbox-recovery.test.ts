import { readdirSync, readFileSync } from 'node:fs';
import type { HostPluginEvent, StackPluginError } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHost,
  createProcessExecutor,
  createWorkerExecutor,
  type ExecutorLoadRequest,
  type Host,
  type PluginState,
  type SandboxExecutor,
  type StateChange,
  type SupervisedInstance,
} from '../src/index.js';
import { fixture, testServices } from './_support.js';

// Short backoff so restarts come quickly; the hang grace bounds how long a stuck sandbox lives.
const sandbox = {
  supervision: { backoffMs: 1, maxCrashes: 3, windowMs: 600_000 },
  hangGraceMs: 100,
  prewarm: 0,
};

const hosts: Host[] = [];
const executors: SandboxExecutor[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const executor of executors.splice(0)) await executor.close();
});

/** An executor whose instances the test can inspect after the host is done with them. */
function tracked(executor: SandboxExecutor): {
  executor: SandboxExecutor;
  instances: SupervisedInstance[];
} {
  executors.push(executor);
  const instances: SupervisedInstance[] = [];
  return {
    instances,
    executor: {
      ...executor,
      isolation: executor.isolation,
      async load(request: ExecutorLoadRequest) {
        const instance = await executor.load(request);
        instances.push(instance);
        return instance;
      },
      close: () => executor.close(),
    },
  };
}

/** Resolves with the next change of `plugin` to `state`. */
function next(host: Host, plugin: string, state: PluginState): Promise<StateChange> {
  return new Promise((resolve) => {
    const off = host.onStateChange((change) => {
      if (change.plugin === plugin && change.to === state) {
        off();
        resolve(change);
      }
    });
  });
}

/** Child processes of this process (strict sandboxes are children). */
function childPids(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    const text = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
    if (text !== '') pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}

async function startHost(executor?: SandboxExecutor): Promise<Host> {
  const host = createHost({
    root: fixture('.'),
    config: { plugins: [{ path: 'crashy' }, { path: 'hello' }] },
    services: testServices(),
    env: {},
    sandbox,
    ...(executor === undefined ? {} : { executors: { [executor.isolation]: executor } }),
  });
  hosts.push(host);
  await host.start();
  return host;
}

const pongs = (host: Host) => {
  const seen: unknown[] = [];
  host.events.on('crashy.pong', (event) => void seen.push(event.payload));
  return seen;
};

describe('a crashing sandboxed plugin under createHost', () => {
  it('fails, restarts with its contributions re-registered, then is quarantined; others carry on', async () => {
    const { executor, instances } = tracked(createWorkerExecutor(sandbox));
    const host = await startHost(executor);
    const received = pongs(host);
    const crashes: HostPluginEvent[] = [];
    host.on('plugin.crashed', (event) => void crashes.push(event));
    const { incarnation: first } = (await host.execute('echo', 1)) as { incarnation: string };
    expect(host.plugin('crashy')?.state).toBe('active');

    // Crash 1: an exception outside any call takes the worker down.
    let duringFailure: Promise<unknown> | undefined;
    const failed = new Promise<StateChange>((resolve) => {
      const off = host.onStateChange((change) => {
        if (change.plugin !== 'crashy' || change.to !== 'failed') return;
        off();
        // Routes are gone the moment the plugin is failed.
        duringFailure = host.execute('echo', 2);
        resolve(change);
      });
    });
    const recovered = next(host, 'crashy', 'active');
    expect(await host.execute('crash')).toBe('armed');
    const failure = await failed;
    expect(failure.from).toBe('active');
    expect(failure.error).toMatchObject({
      code: 'PLUGIN_CRASHED',
      plugin: 'crashy',
      message: expect.stringMatching(
        /^"crashy" crashed: its limited sandbox ended while running \(crash: .*crashy was told to crash\)\.$/,
      ),
      cause: { code: 'PLUGIN_CRASHED', plugin: 'crashy' },
    });
    // Not served while it restarts: the call gets the crash that stopped it.
    await expect(duringFailure).rejects.toMatchObject({ code: 'PLUGIN_CRASHED', plugin: 'crashy' });
    expect(await host.execute('hello', { name: 'neighbour' })).toEqual({
      greeting: 'Hello neighbour',
    });

    // Restarted and re-activated: the same broker path registered its command and listener.
    const back = await recovered;
    expect(back).toEqual({ plugin: 'crashy', from: 'failed', to: 'active' });
    expect(host.plugin('crashy')?.error).toBeUndefined();
    // host.on and the audit log both hear of the crash, from the host itself.
    expect(crashes).toMatchObject([
      { plugin: 'crashy', event: 'crash', from: 'active', to: 'failed' },
    ]);
    expect(crashes[0]?.error?.code).toBe('PLUGIN_CRASHED');
    expect(host.audit().filter((r) => r.capability === 'host')).toMatchObject([
      { plugin: 'crashy', method: 'crash', target: 'PLUGIN_CRASHED', allowed: false },
    ]);
    expect(host.plugin('crashy')?.metrics).toMatchObject({ restarts: 1, timeouts: 0 });
    const { incarnation: second } = (await host.execute('echo', 3)) as { incarnation: string };
    expect(second).not.toBe(first);
    await host.events.emit('crashy.ping');
    expect(received).toEqual([{ incarnation: second }]);
    expect(instances).toHaveLength(1);

    // Crash 2: an infinite loop trips the deadline, the hang check, and a restart.
    const recoveredAgain = next(host, 'crashy', 'active');
    await expect(host.execute('hang')).rejects.toMatchObject({
      code: 'PLUGIN_TIMEOUT',
      plugin: 'crashy',
    });
    await recoveredAgain;
    expect(host.plugin('crashy')?.metrics).toMatchObject({ restarts: 2, timeouts: 1 });
    const { incarnation: third } = (await host.execute('echo', 4)) as { incarnation: string };
    expect(third).not.toBe(second);

    // Crash 3 within the window: quarantined, failed for good, nothing routed to it.
    const quarantined = next(host, 'crashy', 'failed');
    await host.execute('crash');
    await quarantined;
    const status = host.plugin('crashy');
    expect(status?.state).toBe('failed');
    expect(status?.error).toMatchObject({
      code: 'PLUGIN_QUARANTINED',
      plugin: 'crashy',
      message:
        '"crashy" crashed 3 times within 600000 ms and was quarantined: the host no longer restarts or calls it.',
    });
    expect(instances[0]?.status()).toBe('disposed');
    await expect(host.execute('echo', 5)).rejects.toMatchObject({
      code: 'PLUGIN_QUARANTINED',
      plugin: 'crashy',
    });
    expect(await host.execute('hello', { name: 'still here' })).toEqual({
      greeting: 'Hello still here',
    });

    // enable() retries a quarantined plugin from scratch, in a new sandbox.
    await host.enable('crashy');
    expect(host.plugin('crashy')?.state).toBe('active');
    expect(instances).toHaveLength(2);
    await host.stop();
    expect(instances.map((i) => i.status())).toEqual(['disposed', 'disposed']);
  }, 60_000);

  it.each([
    ['disable', (host: Host) => host.disable('crashy')],
    ['unload', (host: Host) => host.unload('crashy')],
    ['stop', (host: Host) => host.stop()],
  ])(
    'disposes a crashed instance on %s, before its supervisor restarts it',
    async (_, end) => {
      // A long backoff: the restart is still pending when the host lets go of the plugin.
      const { executor, instances } = tracked(
        createWorkerExecutor({ ...sandbox, supervision: { backoffMs: 600_000 } }),
      );
      const host = await startHost(executor);
      const failed = next(host, 'crashy', 'failed');
      await host.execute('crash');
      const { error } = await failed;
      expect(error?.code).toBe('PLUGIN_CRASHED');
      expect(instances[0]?.status()).toBe('restarting');
      await end(host);
      expect(instances[0]?.status()).toBe('disposed');
    },
    30_000,
  );

  it('recovers a strict plugin and leaves no child process after stop', async () => {
    const before = childPids();
    const { executor, instances } = tracked(createProcessExecutor(sandbox));
    const host = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'crashy', isolation: 'strict' }, { path: 'hello' }] },
      services: testServices(),
      env: {},
      executors: { strict: executor },
    });
    hosts.push(host);
    await host.start();
    expect(host.plugin('crashy')?.isolation).toBe('strict');
    const recovered = next(host, 'crashy', 'active');
    const failed = next(host, 'crashy', 'failed');
    await host.execute('crash');
    expect(((await failed).error as StackPluginError).message).toMatch(
      /^"crashy" crashed: its strict sandbox ended while running/,
    );
    await recovered;
    expect(await host.execute('echo', 'x')).toMatchObject({ input: 'x' });
    expect(childPids().filter((pid) => !before.includes(pid))).toHaveLength(1);
    await host.stop();
    expect(instances.map((i) => i.status())).toEqual(['disposed']);
    expect(childPids().filter((pid) => !before.includes(pid))).toEqual([]);
  }, 60_000);
});
