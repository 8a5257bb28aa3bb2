import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the dates.business-days skill, as an agent would call it', () => {
  it('answers a well-formed call', async () => {
    const plugin = await mountPlugin(root);
    expect(
      await plugin.invoke('skills', 'dates.business-days', {
        from: '2025-12-22',
        to: '2026-01-02',
        holidays: ['2025-12-25', '2025-12-26', '2026-01-01'],
      }),
    ).toEqual({
      businessDays: 7,
      calendarDays: 12,
      weekendDays: 2,
      holidaysSkipped: ['2025-12-25', '2025-12-26', '2026-01-01'],
    });
  });

  it('rejects a call that breaks the input schema before the handler runs', async () => {
    const plugin = await mountPlugin(root);
    // toRejectWithCode and the other Stack matchers come from vitest.config.ts setupFiles.
    await expect(
      plugin.invoke('skills', 'dates.business-days', { from: '2025-12-22', until: 'friday' }),
    ).toRejectWithCode('VALIDATION_FAILED');
  });

  it('describes every input field for the agent', async () => {
    const plugin = await mountPlugin(root);
    const skill = plugin.status().manifest.contributes?.skills?.[0];
    // Embedded JSON Schemas are plain objects in the manifest type.
    const input = skill?.input as { properties?: Record<string, { description?: string }> };
    const properties = input.properties ?? {};
    expect(Object.keys(properties)).toEqual(['from', 'to', 'holidays']);
    for (const field of Object.values(properties)) expect(field.description).toBeTruthy();
  });
});
