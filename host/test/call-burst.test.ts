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

// The plugin's emits take the same call slots as its other calls at every level (at `none`
// through the broker's emit lane): events whose listeners have not finished hold their slots,
// and the plugin's next calls wait for one. A lane beside the slots would let all through.
const holder = onePluginPerTest('holder', {
  manifest: {
    permissions: ['events:emit:hold.*'],
    contributes: { commands: [{ id: 'hold.fire' }] },
  },
  code: `export default { async activate(ctx) {
    await ctx.commands.register('hold.fire', ({ n }) => {
      for (let i = 0; i < n; i++) ctx.events.emit('hold.tick', i);
      return n;
    });
  } };`,
});

describe.each(['none', 'limited', 'strict'] as const)(
  'emits whose listeners have not finished (isolation %s)',
  (level) => {
    it('hold the call slots they take until their listeners finish', async () => {
      const host = await holder.start(level);
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let ticks = 0;
      host.events.on('hold.tick', () => {
        ticks++;
        return released;
      });
      expect(await host.execute('hold.fire', { n: 100 })).toBe(100);
      await expect.poll(() => ticks, { timeout: 10_000 }).toBe(64);
      // Nothing more gets through while the first 64 are held.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ticks).toBe(64);
      release();
      await expect.poll(() => ticks, { timeout: 10_000 }).toBe(100);
    }, 60_000);
  },
);
