// host.on(): typed host events derived from pdk's HOST_PLUGIN_EVENTS, refused plugins listed
// with their error, the host's own audit records, audited host calls, the audit capacity and
// rejected calls counted.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOST_PLUGIN_EVENTS, type HostPluginEvent } from '@stack-plugin/pdk';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CallSample,
  type CapabilityRecord,
  createHost,
  DEFAULT_AUDIT_CAPACITY,
  HOST_EVENT_TYPES,
  type Host,
  type HostConfig,
  type HostEventMap,
  loadHostConfig,
  type StateChange,
} from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const echo = {
  contributes: {
    commands: [
      {
        id: 'echo.say',
        input: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
      { id: 'echo.fail' },
    ],
  },
};
const echoCode = `export default { async activate(ctx) {
  await ctx.commands.register('echo.say', (input) => input.text);
  await ctx.commands.register('echo.fail', () => { throw new Error('no'); });
} };\n`;

async function workspace(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(dir, 'echo', { manifest: echo, code: echoCode });
  return dir;
}

function hostIn(dir: string, config: HostConfig, extra = {}): Host {
  const host = createHost({ root: dir, config, services: testServices(), env: {}, ...extra });
  cleanups.push(() => host.stop());
  return host;
}

describe('host.on', () => {
  it('names the plugin events after pdk’s host.plugin.* topics, plus audit and metrics', () => {
    const topics = Object.values(HOST_PLUGIN_EVENTS).map((e) => e.topic.replace(/^host\./, ''));
    expect(HOST_EVENT_TYPES).toEqual([...topics, 'audit', 'metrics']);
    for (const type of [
      'plugin.refused',
      'plugin.loaded',
      'plugin.reloaded',
      'plugin.reload-failed',
      'plugin.crashed',
      'audit',
      'metrics',
    ]) {
      expect(HOST_EVENT_TYPES).toContain(type);
    }
    expectTypeOf<HostEventMap['plugin.reloaded']>().toEqualTypeOf<HostPluginEvent>();
    expectTypeOf<HostEventMap['audit']>().toEqualTypeOf<CapabilityRecord>();
    expectTypeOf<HostEventMap['metrics']>().toEqualTypeOf<CallSample>();
  });

  it('refuses an unknown type with HOST_EVENT_UNKNOWN', async () => {
    const host = hostIn(await workspace(), { plugins: [] });
    // @ts-expect-error: not a host event type
    expect(() => host.on('plugin.exploded', () => {})).toThrow(
      expect.objectContaining({ code: 'HOST_EVENT_UNKNOWN', data: expect.any(Object) }),
    );
  });

  it('delivers loaded, reloaded and reload-failed events, and off() stops them', async () => {
    const dir = await workspace();
    const host = hostIn(dir, { plugins: [{ path: 'echo' }] });
    const seen: string[] = [];
    const offLoaded = host.on('plugin.loaded', (e) => void seen.push(`${e.event}:${e.plugin}`));
    host.on('plugin.reloaded', (e) => void seen.push(`${e.event}:${e.to}`));
    host.on('plugin.reload-failed', (e) => void seen.push(`${e.event}:${e.error?.code}`));
    await host.start();
    offLoaded();
    await host.reload('echo');
    await writeFile(join(dir, 'echo', 'stack-plugin.json'), '{ "category": 1 }');
    await expect(host.reload('echo')).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    await host.disable('echo');
    await host.enable('echo');
    expect(seen).toEqual(['load:echo', 'reload:active', 'reload-fail:MANIFEST_INVALID']);
    // The host's own records of what happened to the plugin.
    expect(
      host
        .audit()
        .filter((r) => r.capability === 'host')
        .map((r) => [r.method, r.target, r.allowed]),
    ).toEqual([
      ['reload', '', true],
      ['reload-fail', 'MANIFEST_INVALID', false],
    ]);
  });
});

describe('refused plugins', () => {
  it('are listed with state refused and their error, and fire state changes, events and audit records', async () => {
    const dir = await workspace();
    await writePlugin(dir, 'broken', { manifest: { category: 'nonsense' } });
    await writePlugin(dir, 'unsigned', {});
    await writePlugin(dir, 'denied', {});
    const host = hostIn(dir, {
      plugins: [
        { path: 'echo' },
        { package: 'not-installed' },
        { path: 'broken' },
        { path: 'denied' },
      ],
      policy: { mode: 'enforce', plugins: { deny: ['denied'] } },
    });
    const changes: StateChange[] = [];
    host.onStateChange((change) => void changes.push(change));
    const refused: HostPluginEvent[] = [];
    host.on('plugin.refused', (event) => void refused.push(event));
    await expect(host.start()).rejects.toMatchObject({ code: 'HOST_STARTUP_FAILED' });

    const states = host.plugins().map((p) => [p.name, p.state, p.error?.code]);
    expect(states).toEqual([
      ['echo', 'active', undefined],
      ['not-installed', 'refused', 'PLUGIN_NOT_FOUND'],
      ['broken', 'refused', 'MANIFEST_INVALID'],
      ['denied', 'refused', 'POLICY_PLUGIN_DENIED'],
    ]);
    // What could be read without running code is shown: the denied plugin's manifest was.
    expect(host.plugin('denied')).toMatchObject({ version: '1.0.0', dir: join(dir, 'denied') });
    expect(host.plugin('not-installed')).toMatchObject({ version: '', permissions: [] });
    expect(changes.filter((c) => c.to === 'refused').map((c) => [c.plugin, c.error?.code])).toEqual(
      [
        ['not-installed', 'PLUGIN_NOT_FOUND'],
        ['broken', 'MANIFEST_INVALID'],
        ['denied', 'POLICY_PLUGIN_DENIED'],
      ],
    );
    expect(refused.map((e) => [e.plugin, e.from, e.to, e.error?.code])).toEqual([
      ['not-installed', 'discovered', 'refused', 'PLUGIN_NOT_FOUND'],
      ['broken', 'discovered', 'refused', 'MANIFEST_INVALID'],
      ['denied', 'discovered', 'refused', 'POLICY_PLUGIN_DENIED'],
    ]);
    expect(host.audit().filter((r) => r.capability === 'host')).toMatchObject([
      { plugin: 'not-installed', method: 'refuse', target: 'PLUGIN_NOT_FOUND', allowed: false },
      { plugin: 'broken', method: 'refuse', target: 'MANIFEST_INVALID', allowed: false },
      { plugin: 'denied', method: 'refuse', target: 'POLICY_PLUGIN_DENIED', allowed: false },
    ]);
    // Their contributions (none could be read for two) are refused, never available.
    expect(host.contributions({ plugin: 'denied' })).toEqual([]);

    // A refused plugin is forgotten by unload, and by a load that admits it.
    await host.unload('broken');
    expect(host.plugin('broken')).toBeUndefined();
    await expect(host.load({ package: 'not-installed' })).rejects.toMatchObject({
      code: 'PLUGIN_NOT_FOUND',
    });
    expect(host.plugins().filter((p) => p.name === 'not-installed')).toHaveLength(1);
  });

  it('include a plugin refused for its signature', async () => {
    const dir = await workspace();
    const host = hostIn(dir, {
      plugins: [{ path: 'echo' }],
      policy: { requireSignatures: true, trustedKeys: [] },
    });
    await expect(host.start()).rejects.toMatchObject({ code: 'HOST_STARTUP_FAILED' });
    expect(host.plugin('echo')).toMatchObject({
      state: 'refused',
      error: { code: expect.stringMatching(/^(SIGNATURE|INTEGRITY)_/) },
      manifest: echo,
    });
    expect(host.contributions({ plugin: 'echo' }).map((c) => c.state)).toEqual([
      'refused',
      'refused',
    ]);
  });
});

describe('the audit stream', () => {
  it('delivers every record once, as written, the same objects host.audit() returns', async () => {
    const host = hostIn(await workspace(), { plugins: [{ path: 'echo' }] });
    const delivered: CapabilityRecord[] = [];
    host.on('audit', (record) => void delivered.push(record));
    await host.start();
    await host.execute('echo.say', { text: 'a' });
    await host.execute('echo.say', { text: 'b' }, { caller: 'my-app' });
    await host.call('commands:echo.say', { text: 'c' });
    expect(delivered).toEqual(host.audit());
    const kept = host.audit();
    for (const [i, record] of delivered.entries()) expect(record).toBe(kept[i]);
    // Calls of the application are audited under its caller name.
    expect(delivered.filter((r) => r.capability === 'commands')).toMatchObject([
      { plugin: 'host', method: 'execute', target: 'echo.say', allowed: true },
      { plugin: 'my-app', method: 'execute', target: 'echo.say', allowed: true },
      { plugin: 'host', method: 'execute', target: 'echo.say', allowed: true },
    ]);
  });

  it('keeps DEFAULT_AUDIT_CAPACITY records unless auditCapacity or audit.capacity says otherwise', async () => {
    expect(DEFAULT_AUDIT_CAPACITY).toBe(10_000);
    const dir = await workspace();
    const byOption = hostIn(dir, { plugins: [{ path: 'echo' }] }, { auditCapacity: 2 });
    await byOption.start();
    for (const text of ['a', 'b', 'c']) await byOption.execute('echo.say', { text });
    expect(byOption.audit()).toHaveLength(2);
    const byConfig = hostIn(
      dir,
      { plugins: [{ path: 'echo' }], audit: { capacity: 1 } },
      { auditCapacity: 5 },
    );
    await byConfig.start();
    for (const text of ['a', 'b', 'c']) await byConfig.execute('echo.say', { text });
    expect(byConfig.audit()).toHaveLength(1);
  });

  it('refuses a capacity below 1 in stack.config.json', async () => {
    const dir = await workspace();
    const file = join(dir, 'stack.config.json');
    await writeFile(file, JSON.stringify({ audit: { capacity: 0 } }));
    await expect(loadHostConfig(dir, file)).rejects.toMatchObject({ code: 'HOST_CONFIG_INVALID' });
  });
});

describe('metrics samples', () => {
  it('reports each call as it ends, and counts calls rejected by input validation', async () => {
    const host = hostIn(await workspace(), { plugins: [{ path: 'echo' }] });
    const samples: CallSample[] = [];
    host.on('metrics', (sample) => void samples.push(sample));
    await host.start();
    await host.execute('echo.say', { text: 'hi' });
    await expect(host.execute('echo.say', { text: 3 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(host.execute('echo.fail')).rejects.toBeDefined();
    expect(samples.map((s) => [s.plugin, s.id, s.caller, s.outcome, s.code])).toEqual([
      ['echo', 'echo.say', 'host', 'ok', undefined],
      ['echo', 'echo.say', 'host', 'rejected', 'VALIDATION_FAILED'],
      ['echo', 'echo.fail', 'host', 'error', 'PLUGIN_CALL_FAILED'],
    ]);
    expect(samples[0]).toMatchObject({ kind: 'commands', bytesIn: expect.any(Number) });
    expect(host.plugin('echo')?.metrics).toMatchObject({ calls: 2, errors: 1, rejected: 1 });
    expect(await host.metricsText()).toContain(
      'stack_plugin_calls_rejected_total{plugin="echo"} 1',
    );
  });
});
