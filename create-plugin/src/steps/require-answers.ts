import { createError } from '@stack-plugin/pdk/errors';
import type { CreateContext } from '../create-context.js';
import { scaffoldErrors } from '../scaffold-errors.js';

/**
 * Step 10: with no way to ask, stop before touching the disk and name every flag that is
 * still needed, all at once, so a CI script can be fixed in one go.
 */
export async function requireAnswers(ctx: CreateContext): Promise<void> {
  if (ctx.missing.length === 0) return;
  throw createError(scaffoldErrors.SCAFFOLD_ANSWERS_MISSING, {
    reason: ctx.noPromptReason ?? 'no terminal',
    flags: ctx.missing,
  });
}
