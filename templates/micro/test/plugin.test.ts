import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the text transformers and validator, in the real host', () => {
  it('chain: normalize, then slugify, then check the length', async () => {
    const plugin = await mountPlugin(root, { config: { maxLength: 20 } });
    const { host } = plugin.testHost;
    expect(
      await host.runChain(
        { sequence: ['transformers:text.normalize', 'transformers:text.slugify'] },
        { text: '  Hello,   Stack   plugins!  ' },
      ),
    ).toEqual({ text: 'hello-stack-plugins' });
    expect(await plugin.invoke('validators', 'text.max-length', { text: 'x'.repeat(21) })).toEqual({
      valid: false,
      problems: ['21 characters, at most 20 allowed'],
    });
  });

  it('uses the default maxLength from the config schema', async () => {
    const plugin = await mountPlugin(root);
    expect(await plugin.invoke('validators', 'text.max-length', { text: 'x'.repeat(280) })).toEqual(
      {
        valid: true,
        problems: [],
      },
    );
  });

  it('refuses configuration the schema does not allow', async () => {
    // toRejectWithCode and the other Stack matchers come from vitest.config.ts setupFiles.
    await expect(mountPlugin(root, { config: { maxLength: 0 } })).toRejectWithCode(
      'CONFIG_INVALID',
    );
  });
});
