import { definePlugin } from '@stack-plugin/pdk';
import { checkMaxLength, normalizeText, slugify } from './text.js';

/**
 * A micro plugin: small, pure, chainable functions. Every transformer takes and returns
 * `{ text }`, so a host can run them in any order in a chain and end with the validator.
 * The ids and the input/output types come from stack-plugin.json (via `stack-plugin typegen`).
 */
export default definePlugin({
  async activate(ctx) {
    await ctx.transformers.register('text.normalize', (input) => ({
      text: normalizeText(input.text),
    }));
    await ctx.transformers.register('text.slugify', (input) => ({ text: slugify(input.text) }));
    await ctx.validators.register('text.max-length', (input) =>
      checkMaxLength(input.text, ctx.config.maxLength),
    );
  },
});
