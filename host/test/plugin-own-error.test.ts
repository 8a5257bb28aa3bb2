import { describe, expect, it } from 'vitest';
import { onePluginPerTest } from './_support.js';

// A plugin's own coded error (code, hint, and its own name as `plugin`) reaches the host's
// caller as it is at every isolation level. Before, an error from a sandbox lost its `plugin`
// on the wire, so `limited` and `strict` wrapped it as PLUGIN_CALL_FAILED while `none` did not.
// An error naming another plugin is wrapped at every level: a plugin cannot speak for another.

// Plain objects with the catalog error's fields: a strict sandbox can import no pdk.
const plugin = onePluginPerTest('quota', {
  manifest: { contributes: { commands: [{ id: 'quota.own' }, { id: 'quota.other' }] } },
  code: `const coded = (plugin) => Object.assign(new Error('The quota is used up.'), {
    code: 'QUOTA_USED_UP', hint: 'Wait for the next hour.', plugin, data: { left: 0 } });
  export default { async activate(ctx) {
    await ctx.commands.register('quota.own', () => { throw coded('quota'); });
    await ctx.commands.register('quota.other', () => { throw coded('someone-else'); });
  } };`,
});

describe.each(['none', 'limited', 'strict'] as const)(
  "a plugin's own error (isolation %s)",
  (level) => {
    it('reaches the caller with its code, hint, plugin and data, unwrapped', async () => {
      const host = await plugin.start(level);
      expect(host.plugin('quota')?.isolation).toBe(level);
      const own = await host.execute('quota.own').catch((error: unknown) => error);
      expect(own).toMatchObject({
        code: 'QUOTA_USED_UP',
        message: 'The quota is used up.',
        hint: 'Wait for the next hour.',
        plugin: 'quota',
        data: { left: 0 },
      });
      const other = await host.execute('quota.other').catch((error: unknown) => error);
      expect(other).toMatchObject({
        code: 'PLUGIN_CALL_FAILED',
        plugin: 'quota',
        errors: [{ code: 'QUOTA_USED_UP', hint: 'Wait for the next hour.' }],
      });
    }, 30_000);
  },
);
