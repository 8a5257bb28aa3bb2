import { definePlugin } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { createTestHost, mountPlugin } from '../../src/index.js';

const counting = (permissions: string[] = []) =>
  mountPlugin({
    name: 'inline-ai',
    definition: definePlugin({
      async activate(ctx) {
        await ctx.commands.register('complete', async (input) => {
          await ctx.metrics.count('tokens_total', (input as { tokens: number }).tokens, {
            model: 'small',
          });
          await ctx.metrics.gauge('queue_depth', 0);
          return 'done';
        });
      },
    }),
    manifest: { permissions, contributes: { commands: [{ id: 'complete' }] } },
  });

describe('ctx.metrics in a test host', () => {
  it('keeps what a plugin records, with metrics in the call record and a matcher', async () => {
    const plugin = await counting();
    await plugin.execute('complete', { tokens: 700 });
    await plugin.execute('complete', { tokens: 50 });
    expect(
      plugin.calls.filter((c) => c.capability === 'metrics').map((c) => [c.method, ...c.args]),
    ).toEqual([
      ['count', 'tokens_total', 700, { model: 'small' }],
      ['gauge', 'queue_depth', 0],
      ['count', 'tokens_total', 50, { model: 'small' }],
      ['gauge', 'queue_depth', 0],
    ]);
    expect(plugin).toHaveRecordedMetric('tokens_total', 750, { model: 'small' });
    expect(plugin).toHaveRecordedMetric('queue_depth');
    expect(plugin).not.toHaveRecordedMetric('tokens_total', 751);
    expect(plugin).not.toHaveRecordedMetric('tokens_total', 750, { model: 'large' });
    expect(plugin.testHost).toHaveRecordedMetric('tokens_total', expect.any(Number));
    expect(() => expect(plugin).toHaveRecordedMetric('latency_ms')).toThrow(
      /to have recorded latency_ms, but saw recorded metrics:\n {2}- counter tokens_total/,
    );
  });

  it('reads every plugin with metrics:read and is denied it without', async () => {
    const plugin = await counting();
    await expect(plugin.asPlugin().metrics.read()).toRejectWithCode('PERMISSION_DENIED');
    expect(plugin).toHaveBeenDeniedPermission('metrics:read');
    const reader = await counting(['metrics:read']);
    await reader.execute('complete', { tokens: 1 });
    expect(await reader.asPlugin().metrics.read()).toEqual([
      expect.objectContaining({
        plugin: 'inline-ai',
        state: 'active',
        calls: 1,
        errors: 0,
        recorded: [
          { name: 'tokens_total', kind: 'counter', labels: { model: 'small' }, value: 1 },
          { name: 'queue_depth', kind: 'gauge', labels: {}, value: 0 },
        ],
      }),
    ]);
  });

  it('records the host.plugin.* events on its bus', async () => {
    const th = await createTestHost();
    await th.mount({ name: 'inline-x', definition: definePlugin({ activate() {} }) });
    expect(th).toHaveEmitted(
      'host.plugin.activated',
      expect.objectContaining({ plugin: 'inline-x' }),
    );
  });
});
