import { isStackPluginError, StackPluginError } from '@stack-plugin/pdk';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPayload, UnsentPayload } from '../../src/broker/check-payload.js';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import type { SandboxExecutor } from '../../src/sandbox/sandbox-executor.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { call, FakeBroker, request } from './_helpers.js';

const executors: SandboxExecutor[] = [createWorkerExecutor(), createProcessExecutor()];
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe.each(executors)('$isolation executor', (executor) => {
  it('runs plugin code unchanged through PluginRuntime', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker, {}, { greeting: 'hi' }));
    await instance.activate(call());
    expect(
      await instance.invoke(
        'commands',
        'echo',
        { a: [1, 2] },
        { caller: 'tester', timeoutMs: 5_000 },
      ),
    ).toEqual({
      input: { a: [1, 2] },
      caller: 'tester',
      config: { greeting: 'hi' },
      plugin: { name: '_features', version: '1.0.0' },
    });
    expect(await instance.invoke('commands', 'bytes', undefined, call())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect([...broker.contributions].sort()).toContain('commands:echo');
    expect([...broker.listeners.values()]).toEqual(['greetings.*']);
    await until(() => broker.logs.length > 0);
    expect(broker.logs[0]).toEqual({ level: 'info', message: 'activated {"plugin":"_features"}' });
    await instance.dispose();
  });

  it('passes plugin errors and host denials through with their codes', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker));
    await instance.activate(call());
    await expect(instance.invoke('commands', 'fail', undefined, call())).rejects.toMatchObject({
      name: 'Error',
      message: 'handler failed on purpose',
      code: 'MY_CODE',
    });
    await expect(instance.invoke('commands', 'denied', undefined, call())).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'denied: secrets.get',
    });
    await instance.dispose();
  });

  it('carries code, hint and data across the wire both ways', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker));
    await instance.activate(call());
    // A sandbox always answers later: its invoke is a promise.
    const thrown = await (
      instance.invoke('commands', 'fail-coded', undefined, call()) as Promise<unknown>
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStackPluginError(thrown)).toBe(true);
    expect(thrown).toBeInstanceOf(StackPluginError);
    expect(thrown).toMatchObject({
      code: 'QUOTA_REACHED',
      message: 'Quota of 3 reached for "notes".',
      hint: 'Delete a note first.',
      data: { limit: 3, scope: 'notes', ids: ['a', 'b', 'c'] },
    });
    expect(await instance.invoke('commands', 'denied-seen', undefined, call())).toEqual({
      code: 'PERMISSION_DENIED',
      message:
        '"_features" may not read the secret "CODED": it has not been granted "secret:CODED".',
      hint: 'Add "secret:CODED" to "permissions" in stack-plugin.json if the plugin really needs it.',
      data: { plugin: '_features', action: 'read the secret "CODED"', permission: 'secret:CODED' },
    });
    await instance.dispose();
  });

  it('refuses what cannot cross the wire', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker));
    await instance.activate(call());
    // A result that is not plain data never crosses: the sandbox answers its fault, which the
    // host's payload check refuses as it refuses the value itself at isolation none.
    const unsent = await instance.invoke('commands', 'unclonable', undefined, call());
    expect(unsent).toBeInstanceOf(UnsentPayload);
    expect(() => checkPayload(unsent, { what: 'The output' })).toThrow(
      /^The output does not match its schema: (at \/\S+: )?a function is not structured-clonable data\.$/,
    );
    await expect(instance.invoke('commands', 'missing', undefined, call())).rejects.toThrow(
      'no handler registered for commands "missing"',
    );
    await instance.dispose();
  });

  it('delivers events and propagates cancellation', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker));
    await instance.activate(call());
    await instance.deliver('l0', { topic: 'greetings.hello', payload: 1 });
    expect(await instance.invoke('commands', 'received', undefined, call())).toEqual([
      { topic: 'greetings.hello', payload: 1 },
    ]);
    const controller = new AbortController();
    const pending = instance.invoke('commands', 'until-aborted', undefined, {
      ...call(),
      signal: controller.signal,
    });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    await instance.dispose();
  });

  it('clears the plugin timers on deactivate', async () => {
    const broker = new FakeBroker();
    const instance = await executor.load(request('_features', broker));
    await instance.activate(call());
    await instance.invoke('commands', 'tick', undefined, call());
    await until(() => broker.logs.some((l) => l.message === 'tick'));
    await instance.deactivate(call());
    expect(broker.logs.find((l) => l.level === 'warn')).toEqual({
      level: 'warn',
      message: 'deactivating true',
    });
    const ticks = broker.logs.filter((l) => l.message === 'tick').length;
    // Ping the sandbox a few times: any interval left running would have logged by then.
    for (let i = 0; i < 5; i++) await instance.deliver('l0', { topic: 'greetings.x' });
    await new Promise((r) => setTimeout(r, 50));
    await instance.deliver('l0', { topic: 'greetings.y' });
    expect(broker.logs.filter((l) => l.message === 'tick').length).toBe(ticks);
    await instance.dispose();
  });

  it('refuses a plugin that is not a self-contained bundle', async () => {
    await expect(executor.load(request('dynamic-import-static', new FakeBroker()))).rejects.toThrow(
      'contains a dynamic import(); a sandboxed plugin must be one self-contained bundle',
    );
  });

  it('rejects calls after dispose', async () => {
    const instance = await executor.load(request('_features', new FakeBroker()));
    await instance.activate(call());
    await instance.dispose();
    await instance.dispose();
    await expect(instance.invoke('commands', 'echo', 1, call())).rejects.toMatchObject({
      code: 'PLUGIN_CRASHED',
      message: '"_features" crashed: it is disposed.',
    });
  });
});
