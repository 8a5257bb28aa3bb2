import type { CreateContext } from '../create-context.js';

/** Step 2: greet, and say up front when nothing will be asked. */
export async function intro(ctx: CreateContext): Promise<void> {
  ctx.prompt.intro(`create-stack-plugin ${ctx.version}`);
  if (!ctx.prompt.interactive && !ctx.flags.yes && ctx.noPromptReason !== undefined) {
    ctx.prompt.info(`Not asking questions (${ctx.noPromptReason}); using the flags given.`);
  }
}
