import { afterAll, describe, expect, it } from 'vitest';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import type { SandboxExecutor } from '../../src/sandbox/sandbox-executor.js';
import type {
  SandboxStatus,
  SandboxStatusChange,
  SupervisedInstance,
} from '../../src/sandbox/supervisor.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { call, FakeBroker, request } from './_helpers.js';

const supervision = { backoffMs: 10, maxCrashes: 3, windowMs: 60_000 };
const executors: SandboxExecutor[] = [
  createWorkerExecutor({ supervision, hangGraceMs: 200, prewarm: 0 }),
  createProcessExecutor({ supervision, hangGraceMs: 200, prewarm: 0 }),
];
const executorsWithGrace: SandboxExecutor[] = [
  createWorkerExecutor({ supervision, hangGraceMs: 10_000, prewarm: 0 }),
  createProcessExecutor({ supervision, hangGraceMs: 10_000, prewarm: 0 }),
];
afterAll(async () => {
  await Promise.all([...executors, ...executorsWithGrace].map((e) => e.close()));
});

function statusLog(instance: SupervisedInstance): SandboxStatusChange[] {
  const log: SandboxStatusChange[] = [];
  instance.onStatusChange((change) => log.push(change));
  instance.onStatusChange(() => {
    throw new Error('a failing observer must not stop supervision');
  });
  return log;
}

function reach(instance: SupervisedInstance, status: SandboxStatus): Promise<void> {
  // Waits for the next transition to `status`, never for the current one.
  return new Promise((resolve) => {
    const off = instance.onStatusChange((change) => {
      if (change.to === status) {
        off();
        resolve();
      }
    });
  });
}

describe.each(executors)('$isolation supervision', (current) => {
  const executor = current;
  it('rejects in-flight calls on a crash, releases registrations and restarts', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('crash-in-timer', broker));
    const log = statusLog(instance);
    await instance.activate(call());
    const inFlight = instance.invoke('commands', 'wait', undefined, call(30_000));
    const restarted = reach(instance, 'running');
    expect(await instance.invoke('commands', 'attack', undefined, call())).toBe('armed');
    await expect(inFlight).rejects.toMatchObject({
      code: 'PLUGIN_CRASHED',
      plugin: 'crash-in-timer',
    });
    await restarted;
    expect(log.map((c) => `${c.from}->${c.to}`)).toEqual([
      'running->failed',
      'failed->restarting',
      'restarting->running',
    ]);
    expect(log[0]?.end?.kind).toBe('crash');
    expect(log[0]?.error?.message).toMatch(/^"crash-in-timer" crashed: crash: .*boom from a timer/);
    // Released after the crash, registered again by the restarted activate.
    const unregisters = broker.calls.filter((c) => c.method === 'unregister').map((c) => c.args[1]);
    expect(unregisters.sort()).toEqual(['alive', 'attack', 'wait']);
    expect([...broker.contributions].sort()).toEqual([
      'commands:alive',
      'commands:attack',
      'commands:wait',
    ]);
    expect(await instance.invoke('commands', 'alive', undefined, call())).toBe('yes');
    await instance.dispose();
  });

  it('quarantines a plugin after repeated crashes', async () => {
    const instance = await executor.load(request('crash-in-timer', new FakeBroker()));
    await instance.activate(call());
    for (let crash = 1; crash < 3; crash++) {
      const restarted = reach(instance, 'running');
      await instance.invoke('commands', 'attack', undefined, call());
      await restarted;
    }
    const quarantined = reach(instance, 'quarantined');
    await instance.invoke('commands', 'attack', undefined, call());
    await quarantined;
    await expect(instance.invoke('commands', 'alive', undefined, call())).rejects.toMatchObject({
      code: 'PLUGIN_QUARANTINED',
      message:
        '"crash-in-timer" crashed 3 times within 60000 ms and was quarantined: the host no longer restarts or calls it.',
    });
    await instance.dispose();
  });

  it('stops a hung plugin with PLUGIN_TIMEOUT and restarts it', async () => {
    const instance = await executor.load(
      request('sync-loop', new FakeBroker(), { timeoutMs: 300 }),
    );
    const log = statusLog(instance);
    await instance.activate(call());
    const restarted = reach(instance, 'running');
    await expect(instance.invoke('commands', 'attack', undefined, call(300))).rejects.toMatchObject(
      {
        code: 'PLUGIN_TIMEOUT',
        message: '"sync-loop" did not finish commands "attack" within 300 ms.',
      },
    );
    await restarted;
    expect(log[0]?.end?.kind).toBe('hang');
    await instance.dispose();
  });

  it('keeps a slow but responsive plugin running after a timeout', async () => {
    // A generous ping grace: on a loaded machine a live sandbox must never be taken for hung.
    const executor = executorsWithGrace[executors.indexOf(current)] as SandboxExecutor;
    const instance = await executor.load(
      request('never-settles', new FakeBroker(), { timeoutMs: 300 }),
    );
    const log = statusLog(instance);
    await instance.activate(call());
    await expect(instance.invoke('commands', 'attack', undefined, call(300))).rejects.toMatchObject(
      {
        code: 'PLUGIN_TIMEOUT',
      },
    );
    // It answers pings, so it is not killed; a second call still reaches it.
    await expect(instance.invoke('commands', 'attack', undefined, call(300))).rejects.toMatchObject(
      {
        code: 'PLUGIN_TIMEOUT',
      },
    );
    expect(instance.status()).toBe('running');
    expect(log).toEqual([]);
    await instance.dispose();
  });

  it('fails a plugin that hangs in activate without restarting it', async () => {
    const instance = await executor.load(
      request('sync-loop-activate', new FakeBroker(), { timeoutMs: 300 }),
    );
    const failed = reach(instance, 'failed');
    await expect(instance.activate(call(300))).rejects.toMatchObject({ code: 'PLUGIN_TIMEOUT' });
    await failed;
    await new Promise((r) => setTimeout(r, 50));
    expect(instance.status()).toBe('failed');
    await instance.dispose();
  });

  it.each([
    ['heap-bomb', 'its JS heap limit was reached'],
    ['arraybuffer-bomb', 'over its 32 MB limit'],
  ])('contains %s as out-of-memory', async (name, detail) => {
    const instance = await executor.load(
      request(name, new FakeBroker(), { memoryMb: 32, timeoutMs: 20_000 }),
    );
    const log = statusLog(instance);
    await instance.activate(call());
    await expect(
      instance.invoke('commands', 'attack', undefined, call(20_000)),
    ).rejects.toMatchObject({
      code: 'PLUGIN_CRASHED',
      message: expect.stringMatching(new RegExp(`crashed: out-of-memory: .*${detail}`)),
    });
    expect(log[0]?.end?.kind).toBe('out-of-memory');
    await instance.dispose();
  });
});
