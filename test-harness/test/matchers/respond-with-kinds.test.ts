import { CALLABLE_KINDS, definePlugin, type HandlerKindName } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { type MountedPlugin, mountPlugin } from '../../src/index.js';

type Registrar = { register(id: string, handler: (input: unknown) => unknown): Promise<void> };

/** A contribution of `id` for every kind it is given, each answering with its own kind. */
function manifestEntry(kind: HandlerKindName, id: string): Record<string, unknown> {
  // Hooks name the point they run at; host.stop keeps this one out of the calls under test.
  return kind === 'hooks' ? { id, point: 'host.stop' } : { id };
}

async function pluginWith(kinds: readonly HandlerKindName[], id: string): Promise<MountedPlugin> {
  return mountPlugin({
    name: 'every-kind',
    definition: definePlugin({
      async activate(ctx) {
        for (const kind of kinds) {
          const registrar = (ctx as unknown as Record<HandlerKindName, Registrar>)[kind];
          await registrar.register(id, (input) => ({ kind, input }));
        }
      },
    }),
    manifest: {
      contributes: Object.fromEntries(kinds.map((kind) => [kind, [manifestEntry(kind, id)]])),
    },
  });
}

describe('toRespondWith covers every callable kind', () => {
  it.each(CALLABLE_KINDS)('runs a %s contribution named "<kind>:<id>"', async (kind) => {
    const plugin = await pluginWith(CALLABLE_KINDS, 'probe');
    await expect(plugin).toRespondWith(`${kind}:probe`, { n: 1 }, { kind, input: { n: 1 } });
    // Every other kind has a "probe" too: its answer must not pass for this one.
    for (const other of CALLABLE_KINDS.filter((k) => k !== kind)) {
      await expect(plugin).not.toRespondWith(`${other}:probe`, { n: 1 }, { kind, input: { n: 1 } });
    }
  });

  it('reads a bare id as a command', async () => {
    const plugin = await pluginWith(CALLABLE_KINDS, 'probe');
    await expect(plugin).toRespondWith('probe', 'x', { kind: 'commands', input: 'x' });
  });

  it.each(CALLABLE_KINDS)(
    'fails when a %s contribution is asked for under another kind',
    async (kind) => {
      const plugin = await pluginWith([kind], 'only');
      const other = CALLABLE_KINDS.find((k) => k !== kind) ?? kind;
      await expect(
        expect(plugin).toRespondWith(`${other}:only`, {}, { kind, input: {} }),
      ).rejects.toThrow(`expected "${other}:only" of plugin "every-kind" to respond with`);
      await expect(plugin.testHost).toRespondWith(`${kind}:only`, {}, { kind, input: {} });
    },
  );
});
