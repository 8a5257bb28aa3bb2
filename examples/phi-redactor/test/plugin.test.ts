import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { NOTES, parseNote } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the PHI redactors, in the real host', () => {
  it('each transformer replaces its own kind and counts what it replaced', async () => {
    const plugin = await mountPlugin(root);
    await expect(plugin).toRespondWith(
      'transformers:phi.redact-phones',
      { text: 'Call (617) 555-0143 or 617-555-0199.' },
      { text: 'Call [PHONE] or [PHONE].', redacted: 2 },
    );
    await expect(plugin).toRespondWith(
      'transformers:phi.redact-emails',
      { text: 'Mail a@b.example', redacted: 2 },
      { text: 'Mail [EMAIL]', redacted: 3 },
    );
  });

  it('the phi.deidentify workflow leaves no identifier in any note of the corpus', async () => {
    const plugin = await mountPlugin(root);
    const { host } = plugin.testHost;
    for (const note of NOTES) {
      const { text, spans } = parseNote(note);
      const result = await host.runWorkflow('phi.deidentify', { text });
      expect(result.status).toBe('succeeded');
      const redacted = result.steps.addresses?.output as { text: string; redacted: number };
      for (const span of spans)
        expect(redacted.text).not.toContain(text.slice(span.start, span.end));
      expect(redacted.redacted).toBe(spans.length);
      expect(result.steps.check?.output).toEqual({ valid: true, problems: [] });
    }
  });

  it('the validator fails on text that still holds an identifier', async () => {
    const plugin = await mountPlugin(root);
    expect(
      await plugin.invoke('validators', 'phi.no-phi', { text: 'Seen 3/4/2024 by Dr. Ann Lee.' }),
    ).toEqual({ valid: false, problems: ['a name at offset 21', 'a date at offset 5'] });
  });

  it('refuses input its schema does not allow', async () => {
    const plugin = await mountPlugin(root);
    await expect(plugin.invoke('transformers', 'phi.redact-names', { body: 'x' })).toRejectWithCode(
      'VALIDATION_FAILED',
    );
  });
});
