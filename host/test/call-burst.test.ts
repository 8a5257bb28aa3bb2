import { describe, expect, it } from 'vitest';
import { onePluginPerTest } from './_support.js';

// A plugin that fires many capability calls at once (Promise.all over a loop) gets every one
// answered at every isolation level: beyond the calls it may have outstanding, the rest wait
// on the plugin's side, in a sandbox as in-process. Before, `none` refused the 257th call.

const BURST = 1_000;
const plugin = onePluginPerTest('burst', {
  manifest: {
    permissions: ['events:emit:burst.*', 'state'],
    contributes: { commands: [{ id: 'burst.fire' }] },
  },
  code: `export default { async activate(ctx) {
    await ctx.commands.register('burst.fire', async ({ n }) => {
      const calls = [];
      for (let i = 0; i < n; i++) calls.push(i % 2 ? ctx.events.emit('burst.tick', i) : ctx.state.get('k'));
      await Promise.all(calls);
      return calls.length;
    });
  } };`,
});

describe.each(['none', 'limited', 'strict'] as const)(
  'a burst of calls (isolation %s)',
  (level) => {
    it(`answers all ${BURST} concurrent calls`, async () => {
      const host = await plugin.start(level);
      let ticks = 0;
      host.events.on('burst.tick', () => {
        ticks++;
      });
      expect(await host.execute('burst.fire', { n: BURST })).toBe(BURST);
      expect(ticks).toBe(BURST / 2);
    }, 60_000);
  },
);
