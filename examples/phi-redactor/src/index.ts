import { definePlugin } from '@stack-plugin/pdk';
import { checkNoPhi, PHI_KINDS, redact } from './phi.js';

/**
 * A micro plugin for compliance: one transformer per kind of identifier, each taking and
 * returning `{ text }` so a host can chain them in any order, and a validator that fails when
 * any identifier remains. The `phi.deidentify` workflow in stack-plugin.json chains them all.
 * Nothing is logged, stored or sent: the text never leaves the call.
 */
export default definePlugin({
  async activate(ctx) {
    for (const kind of PHI_KINDS) {
      await ctx.transformers.register(`phi.redact-${kind}`, (input) => {
        const { text, redacted } = redact(input.text, kind);
        // A chain passes the running count along, so the last step says how many in all.
        return { text, redacted: (input.redacted ?? 0) + redacted };
      });
    }
    await ctx.validators.register('phi.no-phi', (input) => checkNoPhi(input.text));
  },
});
