import type { StackPluginError } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { fixture, tempDir, testServices, writePlugin } from './_support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newHost(root: string, plugins: string[], services = testServices()): Host {
  const host = createHost({
    root,
    config: { plugins: plugins.map((path) => ({ path })) },
    services,
    env: {},
  });
  cleanups.push(() => host.stop());
  return host;
}

describe('fault isolation', () => {
  it('reports every failing plugin in one error and keeps the healthy ones active', async () => {
    const host = newHost(fixture('.'), [
      'hello',
      'throw-activate',
      'hang-activate',
      'incompatible',
      'not-a-plugin',
      'missing-folder',
    ]);
    const error = (await host.start().catch((e: unknown) => e)) as Error & {
      code: string;
      cause: AggregateError;
    };
    expect(error.code).toBe('HOST_STARTUP_FAILED');
    expect(
      error.cause.errors
        .map((e: Error & { code: string; plugin: string }) => [e.plugin, e.code, e.message])
        .sort(),
    ).toEqual([
      ['hang-activate', 'PLUGIN_TIMEOUT', '"hang-activate" did not finish activate within 150 ms.'],
      [
        'incompatible',
        'HOST_INCOMPATIBLE',
        '"incompatible" needs host API ^2.0.0, but this host provides 1.0.0.',
      ],
      [
        'missing-folder',
        'PLUGIN_ACTIVATION_FAILED',
        expect.stringMatching(
          /^"missing-folder" failed during discovery: No stack-plugin.json was found in .*missing-folder\.$/,
        ),
      ],
      [
        'not-a-plugin',
        'PLUGIN_ACTIVATION_FAILED',
        expect.stringMatching(
          /^"not-a-plugin" failed during load: .* is not a plugin definition \(an object with an activate function\)\.$/,
        ),
      ],
      [
        'throw-activate',
        'PLUGIN_ACTIVATION_FAILED',
        '"throw-activate" failed during activate: activate exploded.',
      ],
    ]);
    expect(error.message).toMatch(/^5 plugin\(s\) failed to start: /);
    const thrown = error.cause.errors.find(
      (e: Error & { plugin: string }) => e.plugin === 'throw-activate',
    ) as Error;
    expect((thrown.cause as Error).message).toBe('activate exploded');
    expect(host.plugin('hello')?.state).toBe('active');
    expect(host.plugin('throw-activate')?.state).toBe('failed');
    expect(host.plugin('hang-activate')?.state).toBe('failed');
    expect(await host.execute('hello', { name: 'still here' })).toEqual({
      greeting: 'Hello still here',
    });
  });

  it('wraps a throwing handler, times out a hanging one, and keeps the plugin serving', async () => {
    const host = newHost(fixture('.'), ['faulty-handlers']);
    await host.start();
    const boom = (await host.execute('boom').catch((e: unknown) => e)) as Error & {
      toJSON(): unknown;
    };
    expect(boom.toJSON()).toEqual({
      code: 'PLUGIN_CALL_FAILED',
      plugin: 'faulty-handlers',
      message: '"faulty-handlers" failed in command "boom": handler exploded.',
      hint: 'After the colon is the error the plugin threw: fix it in the plugin, or the input that caused it; the host and other plugins keep running.',
    });
    expect((boom.cause as Error).message).toBe('handler exploded');
    await expect(host.execute('hang')).rejects.toMatchObject({
      code: 'PLUGIN_TIMEOUT',
      plugin: 'faulty-handlers',
      message: '"faulty-handlers" did not finish command "hang" within 150 ms.',
    });
    expect(await host.execute('ok')).toBe('fine');
    expect(host.plugin('faulty-handlers')).toMatchObject({
      state: 'active',
      metrics: { calls: 3, errors: 2 },
    });
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const services = testServices();
    const host = newHost(fixture('.'), ['faulty-handlers'], services);
    await host.start();
    const seen: string[] = [];
    host.events.on('ping', (event) => void seen.push(`host saw ${event.topic}`));
    await host.events.emit('ping', { n: 1 });
    expect(seen).toEqual(['host saw ping']);
    expect(services.logs.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        plugin: 'faulty-handlers',
        message:
          'listener failed for "ping": "faulty-handlers" failed in its "ping" listener: listener exploded.',
        time: expect.any(Number),
      },
    ]);
  });

  it.each(['throw-deactivate', 'hang-deactivate'])(
    'removes what %s registered although its deactivate fails',
    async (name) => {
      const host = newHost(fixture('.'), [name]);
      await host.start();
      const command = name === 'throw-deactivate' ? 'td.ping' : 'hd.ping';
      expect(await host.execute(command)).toBe('pong');
      await host.disable(name);
      const status = host.plugin(name);
      expect(status?.state).toBe('inactive');
      expect(status?.error?.code).toBe(
        name === 'throw-deactivate' ? 'PLUGIN_ACTIVATION_FAILED' : 'PLUGIN_TIMEOUT',
      );
      expect(status?.error?.message).toBe(
        name === 'throw-deactivate'
          ? '"throw-deactivate" failed during deactivate: deactivate exploded.'
          : '"hang-deactivate" did not finish deactivate within 150 ms.',
      );
      await expect(host.execute(command)).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' });
      // Its listener is gone too: emitting reaches no plugin.
      await host.events.emit('ping');
      expect(host.plugin(name)?.metrics.calls).toBe(1);
    },
  );

  it('fails plugins with missing, mismatched and cyclic requirements, and their dependents', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    await writePlugin(dir, 'base', { version: '1.0.0' });
    await writePlugin(dir, 'wants-ghost', { manifest: { requires: { ghost: '^1.0.0' } } });
    await writePlugin(dir, 'wants-new-base', { manifest: { requires: { base: '^2.0.0' } } });
    await writePlugin(dir, 'cycle-a', { manifest: { requires: { 'cycle-b': '*' } } });
    await writePlugin(dir, 'cycle-b', { manifest: { requires: { 'cycle-a': '*' } } });
    await writePlugin(dir, 'on-top', { manifest: { requires: { 'wants-ghost': '*', base: '*' } } });
    await writePlugin(dir, 'fine', { manifest: { requires: { base: '^1.0.0' } } });
    const host = newHost(dir, [
      'base',
      'wants-ghost',
      'wants-new-base',
      'cycle-a',
      'cycle-b',
      'on-top',
      'fine',
    ]);
    const error = (await host.start().catch((e: unknown) => e)) as Error & {
      cause: AggregateError;
      errors: Array<Error & { code: string }>;
    };
    // The two plugins on the cycle share one error: the cycle is reported once.
    expect(error.errors).toEqual(error.cause.errors);
    expect(error.message).toBe(
      '5 plugin(s) failed to start: "wants-ghost", "wants-new-base", "cycle-a", "cycle-b", "on-top".',
    );
    expect(error.errors.map((e) => `${e.code}: ${e.message}`).sort()).toEqual([
      'DEPENDENCY_CYCLE: Plugins require each other in a cycle: cycle-a -> cycle-b -> cycle-a.',
      'DEPENDENCY_FAILED: "on-top" was not activated because the plugin it requires, "wants-ghost", failed.',
      'DEPENDENCY_MISSING: "wants-ghost" requires "ghost" (^1.0.0), which is not configured.',
      'DEPENDENCY_VERSION_MISMATCH: "wants-new-base" requires "base" ^2.0.0, but version 1.0.0 is configured.',
    ]);
    expect(
      host
        .plugins()
        .map((p) => `${p.name}:${p.state}`)
        .sort(),
    ).toEqual([
      'base:active',
      'cycle-a:failed',
      'cycle-b:failed',
      'fine:active',
      'on-top:failed',
      'wants-ghost:failed',
      'wants-new-base:failed',
    ]);
  });

  it('retries a failed plugin on enable once it is fixed on disk', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const folder = await writePlugin(dir, 'flaky', {
      code: "export default { activate() { throw new Error('not yet'); } };",
    });
    const host = newHost(dir, ['flaky']);
    await expect(host.start()).rejects.toMatchObject({ code: 'HOST_STARTUP_FAILED' });
    await writePlugin(dir, 'flaky', { code: 'export default { activate() {} };' });
    await host.enable('flaky');
    expect(host.plugin('flaky')).toMatchObject({ state: 'active', dir: folder });
    expect(host.plugin('flaky')?.error).toBeUndefined();
  });
  it('enables requirements first and fails the chain above a requirement that fails, with its cause', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    await writePlugin(dir, 'base', {
      code: "export default { activate() { throw new Error('base is broken'); } };",
    });
    await writePlugin(dir, 'mid', { manifest: { requires: { base: '*' } } });
    await writePlugin(dir, 'top', { manifest: { requires: { mid: '*' } } });
    const host = newHost(dir, ['base', 'mid', 'top']);
    await expect(host.start()).rejects.toMatchObject({ code: 'HOST_STARTUP_FAILED' });
    const error = (await host.enable('top').catch((e: unknown) => e)) as StackPluginError;
    expect(error).toMatchObject({ code: 'DEPENDENCY_FAILED', plugin: 'top' });
    expect(error.cause).toMatchObject({ code: 'DEPENDENCY_FAILED', plugin: 'mid' });
    expect((error.cause as StackPluginError).cause).toMatchObject({
      code: 'PLUGIN_ACTIVATION_FAILED',
      plugin: 'base',
    });

    await writePlugin(dir, 'base', { code: 'export default { activate() {} };' });
    const order: string[] = [];
    host.onStateChange((c) => void (c.to === 'active' && order.push(c.plugin)));
    await host.enable('top');
    expect(order).toEqual(['base', 'mid', 'top']);
    order.length = 0;
    host.onStateChange((c) => void (c.to === 'inactive' && order.push(c.plugin)));
    await host.disable('base');
    expect(order).toEqual(['top', 'mid', 'base']);
  });

  it('makes a timer left running after deactivate powerless', async () => {
    const host = newHost(fixture('.'), ['leaky-timer']);
    await host.start();
    const ticks: number[] = [];
    host.events.on('tick', () => void ticks.push(1));
    await vi.waitFor(() => expect(ticks.length).toBeGreaterThan(0));
    await host.disable('leaky-timer');
    const seen = ticks.length;
    const probe = (globalThis as { __leakyTimer?: { errors: string[] } }).__leakyTimer;
    await vi.waitFor(() => expect(probe?.errors).toEqual(['PLUGIN_NOT_ACTIVE']));
    expect(ticks.length).toBe(seen);
  });
});
