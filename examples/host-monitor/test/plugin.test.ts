import { fileURLToPath } from 'node:url';
import { definePlugin } from '@stack-plugin/pdk';
import { createTestHost, type InlinePlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { checkExposition, sampleValue } from './_exposition-check.js';

/** The plugin folder: the harness reads its manifest and runs src/index.ts, no build needed. */
const root = fileURLToPath(new URL('..', import.meta.url));
const MONITOR = '@stack-plugin/example-host-monitor';

/** Another plugin of the host: a command that may fail, and tokens it counts as an AI plugin would. */
const notes: InlinePlugin = {
  name: 'notes',
  manifest: { category: 'integration', contributes: { commands: [{ id: 'notes.add' }] } },
  definition: definePlugin({
    async activate(ctx) {
      await ctx.commands.register('notes.add', async (input) => {
        const { text } = input as { text: string };
        if (text === '') throw new Error('empty note');
        await ctx.metrics.count('tokens_total', text.length, { model: 'small' });
        return { ok: true };
      });
    },
  }),
};

async function scrape(th: Awaited<ReturnType<typeof createTestHost>>) {
  const { contentType, text } = await th.plugin(MONITOR).execute('monitor.prometheus', {});
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return checkExposition(text);
}

describe('monitor.prometheus, in the real host beside other plugins', () => {
  it("shows other plugins' calls, failures and recorded metrics after they are called", async () => {
    const th = await createTestHost({ plugins: [root, notes] });
    const before = await scrape(th);
    expect(sampleValue(before, 'stack_plugin_calls_total', { plugin: 'notes' })).toBe(0);

    await th.execute('notes.add', { text: 'hello' });
    await th.execute('notes.add', { text: 'abc' });
    await expect(th.execute('notes.add', { text: '' })).rejects.toThrow('empty note');

    const after = await scrape(th);
    expect(sampleValue(after, 'stack_plugin_calls_total', { plugin: 'notes' })).toBe(3);
    expect(sampleValue(after, 'stack_plugin_call_errors_total', { plugin: 'notes' })).toBe(1);
    expect(
      sampleValue(after, 'stack_plugin_call_latency_seconds', { plugin: 'notes', quantile: '0.5' }),
    ).toBeGreaterThanOrEqual(0);
    expect(
      sampleValue(after, 'stack_recorded_tokens_total', { plugin: 'notes', model: 'small' }),
    ).toBe(8);
    expect(sampleValue(after, 'stack_plugin_active', { plugin: 'notes' })).toBe(1);
    // The monitor's own calls: the first scrape and every host event delivered to it.
    const heard = after
      .find((f) => f.name === 'stack_host_plugin_events_total')
      ?.metrics.reduce((sum, m) => sum + Number(m.value), 0);
    expect(heard).toBeGreaterThan(0);
    expect(
      sampleValue(after, 'stack_plugin_calls_total', {
        plugin: '@stack-plugin/example-host-monitor',
      }),
    ).toBe(1 + (heard ?? 0));
  });

  it('counts the lifecycle events of the plugins it hears', async () => {
    const th = await createTestHost({ plugins: [root] });
    const other = await th.mount(notes);
    await other.disable();
    await other.enable();
    await other.reload();
    await other.disable();
    const families = await scrape(th);
    const count = (event: string) =>
      sampleValue(families, 'stack_host_plugin_events_total', { plugin: 'notes', event });
    expect([count('validate'), count('load'), count('activate')]).toEqual([1, 1, 2]);
    expect([count('deactivate'), count('reload'), count('crash')]).toEqual([2, 1, undefined]);
    expect(sampleValue(families, 'stack_plugin_active', { plugin: 'notes' })).toBe(0);
    expect(sampleValue(families, 'stack_plugin_info', { plugin: 'notes', state: 'inactive' })).toBe(
      1,
    );
  });

  it('counts a plugin that fails to activate', async () => {
    const th = await createTestHost({ plugins: [root] });
    await expect(
      th.mount({
        name: 'broken',
        manifest: { category: 'micro' },
        definition: definePlugin({
          activate() {
            throw new Error('no database');
          },
        }),
      }),
    ).rejects.toThrow('no database');
    const families = await scrape(th);
    expect(
      sampleValue(families, 'stack_host_plugin_events_total', { plugin: 'broken', event: 'fail' }),
    ).toBe(1);
    expect(sampleValue(families, 'stack_plugin_info', { plugin: 'broken', state: 'failed' })).toBe(
      1,
    );
  });

  it('takes its prefix from the config and can leave recorded metrics out', async () => {
    const th = await createTestHost();
    await th.mount(root, { config: { prefix: 'edge_', recorded: false } });
    await th.mount(notes);
    await th.execute('notes.add', { text: 'x' });
    const families = await scrape(th);
    expect(families.every((f) => f.name.startsWith('edge_'))).toBe(true);
    expect(families.some((f) => f.name.includes('recorded'))).toBe(false);
    expect(sampleValue(families, 'edge_plugin_calls_total', { plugin: 'notes' })).toBe(1);
  });
});
