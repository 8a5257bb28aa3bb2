import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the themes and the badge formatter, in the real host', () => {
  it('serves the tokens of every theme it declares', async () => {
    const plugin = await mountPlugin(root);
    const declared = (plugin.status().manifest.contributes?.themes ?? []).map((t) => t.id);
    expect(declared).toEqual(['midnight', 'daylight']);
    for (const theme of declared) {
      expect(await plugin.execute('theme.tokens', { theme })).toMatchObject({
        background: expect.stringMatching(/^#[0-9a-f]{6}$/),
      });
    }
  });

  it('answers the tokens of one theme', async () => {
    const plugin = await mountPlugin(root);
    // toRespondWith and the other Stack matchers come from vitest.config.ts setupFiles; the
    // command id and input are typed from stack-plugin-env.d.ts.
    await expect(plugin).toRespondWith(
      'theme.tokens',
      { theme: 'daylight' },
      expect.objectContaining({ background: expect.stringMatching(/^#[0-9a-f]{6}$/) }),
    );
  });

  it('formats a badge in the configured theme', async () => {
    const plugin = await mountPlugin(root, { config: { theme: 'daylight' } });
    expect(
      await plugin.invoke('formatters', 'status.badge', { label: 'deploy', status: 'ok' }),
    ).toEqual({
      html: '<span class="stack-badge stack-badge--ok" style="color:#ffffff;background:#15803d">✔ deploy</span>',
      text: '[✔ deploy]',
    });
  });

  it('refuses an unknown status', async () => {
    const plugin = await mountPlugin(root);
    // toRejectWithCode and the other Stack matchers come from vitest.config.ts setupFiles.
    await expect(
      plugin.invoke('formatters', 'status.badge', { label: 'x', status: 'meh' }),
    ).toRejectWithCode('VALIDATION_FAILED');
  });
});
