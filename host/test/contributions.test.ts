// host.contributions() lists what the plugins contribute from their manifests, with state and
// permissions; host.call() runs any callable kind by the reference contributions() gives.
import { CALLABLE_KINDS, CONTRIBUTION_KINDS } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

const callable: ReadonlySet<string> = new Set(CALLABLE_KINDS);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Registers `probe` for every callable kind, each answering with its kind and input. */
const everyKind = `export default { async activate(ctx) {
  for (const kind of ${JSON.stringify(CALLABLE_KINDS)}) {
    await ctx[kind].register('probe', (input) => ({ kind, input }));
  }
} };\n`;

const probeEntries = Object.fromEntries(
  CALLABLE_KINDS.map((kind) => [
    kind,
    // Hooks name their point; host.stop keeps this one out of the calls under test.
    [kind === 'hooks' ? { id: 'probe', point: 'host.stop' } : { id: 'probe' }],
  ]),
);

async function hostWithPlugins(): Promise<Host> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(dir, 'every', {
    manifest: {
      permissions: ['events:emit:every.done'],
      contributes: {
        ...probeEntries,
        commands: [
          {
            id: 'probe',
            title: 'Probe',
            description: 'Answers with its kind.',
            input: { type: 'object' },
            output: { type: 'object' },
          },
        ],
        events: [{ id: 'every.done', payload: { type: 'object' } }],
      },
    },
    code: everyKind,
  });
  await writePlugin(dir, 'off', {
    manifest: { contributes: { commands: [{ id: 'off.run' }] } },
  });
  await writePlugin(dir, 'broken', {
    manifest: { contributes: { skills: [{ id: 'broken.skill' }] } },
    code: `export default { activate() { throw new Error('broken on purpose'); } };\n`,
  });
  const host = createHost({
    root: dir,
    config: {
      plugins: [{ path: 'every' }, { path: 'off', enabled: false }, { path: 'broken' }],
    },
    services: testServices(),
    env: {},
  });
  cleanups.push(() => host.stop());
  await host.start().catch(() => {});
  return host;
}

describe('host.contributions', () => {
  it('lists every contribution with its plugin, schemas, state and permissions', async () => {
    const host = await hostWithPlugins();
    const all = host.contributions();
    expect(all.map((c) => [c.plugin, c.kind, c.id, c.ref, c.state])).toEqual(
      [
        // In the manifest's order of kinds: pdk's CONTRIBUTION_KINDS.
        ...CONTRIBUTION_KINDS.flatMap((kind) =>
          kind === 'events'
            ? [['every', kind, 'every.done', undefined, 'available']]
            : callable.has(kind)
              ? [['every', kind, 'probe', `${kind}:probe`, 'available']]
              : [],
        ),
        ['off', 'commands', 'off.run', 'commands:off.run', 'disabled'],
        ['broken', 'skills', 'broken.skill', 'skills:broken.skill', 'refused'],
      ].sort(byPluginOrder(all)),
    );
    expect(host.contributions({ plugin: 'every', kind: 'commands' })).toEqual([
      {
        kind: 'commands',
        id: 'probe',
        ref: 'commands:probe',
        plugin: 'every',
        title: 'Probe',
        description: 'Answers with its kind.',
        input: { type: 'object' },
        output: { type: 'object' },
        state: 'available',
        permissions: ['events:emit:every.done'],
      },
    ]);
    expect(host.contributions({ kind: 'events' })).toEqual([
      expect.objectContaining({ id: 'every.done', payload: { type: 'object' } }),
    ]);
    const [refused] = host.contributions({ plugin: 'broken' });
    expect(refused?.error).toMatchObject({ code: 'PLUGIN_ACTIVATION_FAILED', plugin: 'broken' });
  });
});

describe('host.call', () => {
  it('runs every listed callable contribution by its ref, each of its own kind', async () => {
    const host = await hostWithPlugins();
    const refs = host.contributions({ plugin: 'every' }).filter((c) => c.ref !== undefined);
    expect(refs.map((c) => c.kind).sort()).toEqual([...CALLABLE_KINDS].sort());
    for (const contribution of refs) {
      expect(await host.call(contribution.ref as string, { n: 1 })).toEqual({
        kind: contribution.kind,
        input: { n: 1 },
      });
    }
    expect(await host.call('probe', {})).toEqual({ kind: 'commands', input: {} });
  });

  it('fails as invoke fails for what is not registered', async () => {
    const host = await hostWithPlugins();
    await expect(host.call('off.run', {})).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' });
    const viaInvoke = await host.invoke('skills', 'broken.skill', {}).then(
      () => undefined,
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(viaInvoke).toMatch(/^[A-Z_]+$/);
    await expect(host.call('skills:broken.skill', {})).rejects.toMatchObject({ code: viaInvoke });
    // Declared by a plugin that failed to start: the call says why, with that plugin's error.
    expect(viaInvoke).toBe('PLUGIN_ACTIVATION_FAILED');
    await expect(host.call('skills:broken.skill', {})).rejects.toMatchObject({ plugin: 'broken' });
    // An unknown kind prefix is no kind: the whole string is read as a command id.
    await expect(host.call('gadgets:probe', {})).rejects.toMatchObject({
      code: 'UNKNOWN_COMMAND',
    });
  });
});

/** Sorts expected rows into the plugin order the host lists (its registry order). */
function byPluginOrder(all: ReadonlyArray<{ plugin: string }>) {
  const order = [...new Set(all.map((c) => c.plugin))];
  return (a: unknown[], b: unknown[]) =>
    order.indexOf(a[0] as string) - order.indexOf(b[0] as string);
}
