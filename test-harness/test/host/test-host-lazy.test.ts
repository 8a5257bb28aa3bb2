import { definePlugin } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { mountPlugin } from '../../src/index.js';

// The harness is the real host: a mounted lazy plugin waits for its first use, as in a host.
const lazyPlugin = () =>
  mountPlugin({
    name: 'inline-lazy',
    definition: definePlugin({
      async activate(ctx) {
        const seen: string[] = [];
        await ctx.events.on('jobs.*', (event) => {
          seen.push(event.topic);
        });
        await ctx.commands.register('jobs.seen', () => seen);
      },
    }),
    manifest: {
      activationEvents: ['onEvent:jobs.*'],
      permissions: ['events:on:jobs.*'],
      contributes: { commands: [{ id: 'jobs.seen' }] },
    },
  });

describe('a lazy plugin in the test harness', () => {
  it('is mounted lazy and activated by its first call, as a host does', async () => {
    const plugin = await lazyPlugin();
    const host = plugin.testHost.host;
    expect(host.plugin('inline-lazy')?.state).toBe('lazy');
    await expect(plugin).toRespondWith('jobs.seen', undefined, []);
    expect(host.plugin('inline-lazy')?.state).toBe('active');
  });

  it('is activated by the first event on its topic, which it receives', async () => {
    const plugin = await lazyPlugin();
    const host = plugin.testHost.host;
    await host.events.emit('jobs.started', { id: 1 });
    expect(host.plugin('inline-lazy')?.state).toBe('active');
    expect(await plugin.execute('jobs.seen')).toEqual(['jobs.started']);
  });

  it('activates now on enable()', async () => {
    const plugin = await lazyPlugin();
    await plugin.enable();
    expect(plugin.testHost.host.plugin('inline-lazy')?.state).toBe('active');
  });
});
