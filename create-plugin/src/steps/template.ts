import { TEMPLATES, type TemplateName } from '../choices.js';
import { type CreateContext, resolveAnswer } from '../create-context.js';

/** Template used when the user accepts the defaults. */
export const DEFAULT_TEMPLATE: TemplateName = 'integration';

/** Step 5: which kind of plugin to start from. */
export async function template(ctx: CreateContext) {
  const value = await resolveAnswer(ctx, {
    flag: `--template <${TEMPLATES.map((t) => t.value).join('|')}>`,
    given: ctx.flags.template,
    fallback: DEFAULT_TEMPLATE,
    ask: () =>
      ctx.prompt.select({
        message: 'Which kind of plugin?',
        options: TEMPLATES,
        initial: DEFAULT_TEMPLATE,
      }),
  });
  return { template: value };
}
