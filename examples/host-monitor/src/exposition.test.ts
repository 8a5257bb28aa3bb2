import type { PluginMetricsReport } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { checkExposition, sampleValue } from '../test/_exposition-check.js';
import { EventCounts, exposition } from './exposition.js';

const options = { prefix: 'stack_', recorded: true };
const report = (plugin: string, extra: Partial<PluginMetricsReport> = {}): PluginMetricsReport => ({
  plugin,
  version: '1.2.3',
  state: 'active',
  isolation: 'limited',
  calls: 0,
  errors: 0,
  recorded: [],
  ...extra,
});

describe('exposition', () => {
  it("renders every plugin's figures as valid exposition, times in seconds", async () => {
    const events = new EventCounts();
    events.add({ plugin: 'notes', event: 'activate' });
    events.add({ plugin: 'notes', event: 'activate' });
    events.add({ plugin: 'notes', event: 'crash' });
    const { contentType, text } = await exposition(
      [
        report('notes', { calls: 12, errors: 2, p50Ms: 1.5, p99Ms: 40, loadMs: 30, activateMs: 4 }),
        report('idle', { state: 'inactive', isolation: 'none' }),
      ],
      events,
      options,
    );
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = await checkExposition(text);
    expect(sampleValue(families, 'stack_plugin_calls_total', { plugin: 'notes' })).toBe(12);
    expect(sampleValue(families, 'stack_plugin_call_errors_total', { plugin: 'notes' })).toBe(2);
    expect(
      sampleValue(families, 'stack_plugin_call_latency_seconds', {
        plugin: 'notes',
        quantile: '0.99',
      }),
    ).toBe(0.04);
    expect(sampleValue(families, 'stack_plugin_load_seconds', { plugin: 'notes' })).toBe(0.03);
    expect(sampleValue(families, 'stack_plugin_active', { plugin: 'idle' })).toBe(0);
    expect(
      sampleValue(families, 'stack_plugin_info', {
        plugin: 'idle',
        state: 'inactive',
        isolation: 'none',
      }),
    ).toBe(1);
    // Not measured yet: no sample rather than a made-up 0.
    expect(sampleValue(families, 'stack_plugin_load_seconds', { plugin: 'idle' })).toBeUndefined();
    expect(
      sampleValue(families, 'stack_host_plugin_events_total', {
        plugin: 'notes',
        event: 'activate',
      }),
    ).toBe(2);
    expect(
      sampleValue(families, 'stack_host_plugin_events_total', { plugin: 'notes', event: 'crash' }),
    ).toBe(1);
  });

  it('serves what plugins recorded, one family per name, with their labels and the plugin', async () => {
    const { text } = await exposition(
      [
        report('ai', {
          recorded: [
            { name: 'tokens_total', kind: 'counter', labels: { model: 'small' }, value: 900 },
            { name: 'queue', kind: 'gauge', labels: { plugin: 'own-label' }, value: 3 },
          ],
        }),
        report('other', {
          recorded: [
            { name: 'tokens_total', kind: 'counter', labels: { model: 'large' }, value: 10 },
            // Another kind under the same name is left out, not mixed into the family.
            { name: 'queue', kind: 'counter', labels: {}, value: 99 },
          ],
        }),
      ],
      new EventCounts(),
      options,
    );
    const families = await checkExposition(text);
    const tokens = families.find((f) => f.name === 'stack_recorded_tokens_total');
    expect(tokens?.type).toBe('COUNTER');
    expect(tokens?.metrics).toEqual([
      { value: '900', labels: { model: 'small', plugin: 'ai' } },
      { value: '10', labels: { model: 'large', plugin: 'other' } },
    ]);
    expect(families.find((f) => f.name === 'stack_recorded_queue')?.metrics).toEqual([
      { value: '3', labels: { exported_plugin: 'own-label', plugin: 'ai' } },
    ]);
    const without = await exposition([report('ai', { recorded: [] })], new EventCounts(), {
      prefix: 'host_',
      recorded: false,
    });
    expect((await checkExposition(without.text)).every((f) => f.name.startsWith('host_'))).toBe(
      true,
    );
  });

  it('escapes hostile label values instead of breaking the format', async () => {
    const hostile = 'a"b\\c\nstack_plugin_calls_total{plugin="forged"} 1e9';
    const { text } = await exposition([report(hostile, { calls: 1 })], new EventCounts(), options);
    const families = await checkExposition(text);
    expect(sampleValue(families, 'stack_plugin_calls_total', { plugin: 'forged' })).toBeUndefined();
    expect(families.find((f) => f.name === 'stack_plugin_calls_total')?.metrics).toHaveLength(1);
  });
});

describe('checkExposition (the check the tests rely on)', () => {
  it.each([
    [
      'a value that is not a number',
      '# HELP x_total h\n# TYPE x_total counter\nx_total{a="1"} many\n',
    ],
    ['an unterminated label value', '# HELP x h\n# TYPE x gauge\nx{a="1} 2\n'],
    ['a name with a space', '# HELP x h\n# TYPE x gauge\nx y 2\n'],
    ['an untyped family', 'x 2\n'],
  ])('refuses %s', async (_what, text) => {
    await expect(checkExposition(text)).rejects.toThrow();
  });
});
