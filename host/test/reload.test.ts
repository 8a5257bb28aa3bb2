import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

interface Probe {
  ticks: Array<[number, string]>;
  log: string[];
  release?: () => void;
}
const probe = (): Probe => (globalThis as { __reloadProbe?: Probe }).__reloadProbe as Probe;

const manifest = {
  permissions: ['events:on:tick'],
  contributes: { commands: [{ id: 'version' }, { id: 'slow' }] },
};
const code = (version: string, { failActivate = false } = {}) => `
const probe = globalThis.__reloadProbe;
export default {
  async activate(ctx) {
    ${failActivate ? "throw new Error('new code is broken');" : ''}
    probe.log.push('activate ${version}');
    await ctx.commands.register('version', () => '${version}');
    await ctx.commands.register('slow', () => new Promise((resolve) => {
      probe.release = () => resolve('slow from ${version}');
    }));
    await ctx.events.on('tick', (event) => { probe.ticks.push([event.payload, '${version}']); });
  },
  deactivate() {
    probe.log.push('deactivate ${version}');
  },
};
`;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ host: Host; dir: string }> {
  (globalThis as { __reloadProbe?: Probe }).__reloadProbe = { ticks: [], log: [] };
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(dir, 'swap', { manifest, code: code('v1') });
  const host = createHost({
    root: dir,
    config: { plugins: [{ path: 'swap' }] },
    services: testServices(),
    env: {},
  });
  cleanups.push(() => host.stop());
  await host.start();
  return { host, dir };
}

describe('reload (hot swap)', () => {
  it('activates the new code, lets calls in flight finish on the old, then drops the old', async () => {
    const { host, dir } = await setup();
    expect(await host.execute('version')).toBe('v1');
    const inFlight = host.execute('slow');
    await writePlugin(dir, 'swap', { manifest, code: code('v2') });
    const reloaded = host.reload('swap');
    // The swap happens before the old generation is drained: new calls already see v2.
    await vi.waitFor(async () => expect(await host.execute('version')).toBe('v2'));
    expect(probe().log).toEqual(['activate v1', 'activate v2']);
    const release = probe().release;
    // `slow` of v1 is still pending; release it and the old code is deactivated afterwards.
    expect(release).toBeDefined();
    release?.();
    expect(await inFlight).toBe('slow from v1');
    await reloaded;
    expect(probe().log).toEqual(['activate v1', 'activate v2', 'deactivate v1']);
    expect(host.plugin('swap')?.state).toBe('active');
  });

  it('loses no event and delivers none twice during the swap', async () => {
    const { host, dir } = await setup();
    await writePlugin(dir, 'swap', { manifest, code: code('v2') });
    let reloadDone = false;
    const reloaded = host.reload('swap').then(() => {
      reloadDone = true;
    });
    let n = 0;
    while (!reloadDone) {
      await host.events.emit('tick', n++);
      // Emitting only runs microtasks; yield so the reload's file reads can progress.
      await new Promise((r) => setImmediate(r));
    }
    await reloaded;
    for (let i = 0; i < 5; i++) await host.events.emit('tick', n++);
    const ticks = probe().ticks;
    expect(ticks.map(([i]) => i)).toEqual([...Array(n).keys()]);
    // Every v1 delivery comes before every v2 delivery: one switch point, no interleaving.
    const firstV2 = ticks.findIndex(([, v]) => v === 'v2');
    expect(firstV2).toBeGreaterThan(-1);
    expect(ticks.slice(firstV2).every(([, v]) => v === 'v2')).toBe(true);
  });

  it('keeps the old code serving when the new code fails to activate', async () => {
    const { host, dir } = await setup();
    await writePlugin(dir, 'swap', { manifest, code: code('v2', { failActivate: true }) });
    await expect(host.reload('swap')).rejects.toMatchObject({
      code: 'PLUGIN_ACTIVATION_FAILED',
      plugin: 'swap',
      message: '"swap" failed during activate: new code is broken.',
    });
    expect(await host.execute('version')).toBe('v1');
    await host.events.emit('tick', 1);
    expect(probe().ticks).toEqual([[1, 'v1']]);
    expect(host.plugin('swap')?.state).toBe('active');
  });

  it('picks up a new manifest: a command removed from it is gone after the swap', async () => {
    const { host, dir } = await setup();
    await writePlugin(dir, 'swap', {
      version: '1.1.0',
      manifest: { ...manifest, contributes: { commands: [{ id: 'version' }] } },
      code: `export default { async activate(ctx) { await ctx.commands.register('version', () => 'v3'); } };`,
    });
    await host.reload('swap');
    expect(host.plugin('swap')?.version).toBe('1.1.0');
    expect(await host.execute('version')).toBe('v3');
    await expect(host.execute('slow')).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' });
  });
});
