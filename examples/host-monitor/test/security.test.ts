import { fileURLToPath } from 'node:url';
import { definePlugin } from '@stack-plugin/pdk';
import { createTestHost, securitySuite } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { checkExposition, sampleValue } from './_exposition-check.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const MONITOR = '@stack-plugin/example-host-monitor';

// One test per check: activation, fuzzing every contribution from its input schema, hostile
// payloads, timeouts, undeclared capability use (a probe per permission kind it lacks),
// secret leaks and the permissions declared against those used. The declared-isolation
// check needs a bundle; this plugin runs at `none` (prom-client needs Node built-ins).
securitySuite(root, { isolation: false });

describe('what the monitor relies on', () => {
  it('a plugin without metrics:read is refused the host metrics', async () => {
    const th = await createTestHost({ plugins: [root] });
    const snoop = await th.mount({
      name: 'snoop',
      manifest: { category: 'micro' },
      definition: definePlugin({ activate() {} }),
    });
    await expect(snoop.asPlugin().metrics.read()).toRejectWithCode('PERMISSION_DENIED');
    expect(snoop).toHaveBeenDeniedPermission('metrics:read');
  });

  it('a plugin cannot forge host events to skew the counts', async () => {
    const th = await createTestHost({ plugins: [root] });
    const forger = await th.mount({
      name: 'forger',
      manifest: { category: 'micro', permissions: ['events:emit:**'] },
      definition: definePlugin({ activate() {} }),
    });
    await expect(
      forger.asPlugin().events.emit('host.plugin.crashed', { plugin: 'forger', event: 'crash' }),
    ).toRejectWithCode('VALIDATION_FAILED');
    const { text } = await th.plugin(MONITOR).execute('monitor.prometheus', {});
    const families = await checkExposition(text);
    expect(
      sampleValue(families, 'stack_host_plugin_events_total', { plugin: 'forger', event: 'crash' }),
    ).toBeUndefined();
    expect(
      sampleValue(families, 'stack_host_plugin_events_total', {
        plugin: 'forger',
        event: 'activate',
      }),
    ).toBe(1);
  });

  it('a plugin flooding ctx.metrics with new series is stopped at its budget', async () => {
    const th = await createTestHost({ plugins: [root], policy: { budgets: { metricSeries: 50 } } });
    const flood = await th.mount({
      name: 'flood',
      manifest: { category: 'micro' },
      definition: definePlugin({ activate() {} }),
    });
    const ctx = flood.asPlugin();
    for (let i = 0; i < 50; i++) await ctx.metrics.count('requests_total', 1, { user: `u${i}` });
    await expect(ctx.metrics.count('requests_total', 1, { user: 'u50' })).toRejectWithCode(
      'PLUGIN_BUDGET_EXCEEDED',
    );
    const { text } = await th.plugin(MONITOR).execute('monitor.prometheus', {});
    const families = await checkExposition(text);
    expect(families.find((f) => f.name === 'stack_recorded_requests_total')?.metrics).toHaveLength(
      50,
    );
  });
});
