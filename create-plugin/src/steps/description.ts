import { type CreateContext, resolveAnswer } from '../create-context.js';

/** Description used when the user accepts the defaults. */
export const DEFAULT_DESCRIPTION = 'A Stack plugin';

/** Step 4: a one-line description for package.json and the README. */
export async function description(ctx: CreateContext) {
  const value = await resolveAnswer(ctx, {
    flag: '--description <text>',
    given: ctx.flags.description,
    fallback: DEFAULT_DESCRIPTION,
    ask: () =>
      ctx.prompt.text({
        message: 'Describe the plugin in one line:',
        initial: DEFAULT_DESCRIPTION,
      }),
  });
  // One line: newlines would break package.json readers and the README heading.
  return { description: value.replace(/\s+/g, ' ').trim() || DEFAULT_DESCRIPTION };
}
