import { type CreateContext, resolveAnswer } from '../create-context.js';
import { detectPackageManager, PACKAGE_MANAGERS } from '../package-manager.js';

/**
 * Step 7: the package manager. The one that launched us (`npm create`, `pnpm create`, ...)
 * answers the question, so people are only asked when nothing tells us.
 */
export async function packageManager(ctx: CreateContext) {
  const userAgent = ctx.env.npm_config_user_agent;
  const detected = detectPackageManager(userAgent);
  const value = await resolveAnswer(ctx, {
    flag: `--pm <${PACKAGE_MANAGERS.join('|')}>`,
    given: ctx.flags.pm ?? (userAgent ? detected : undefined),
    fallback: detected,
    ask: () =>
      ctx.prompt.select({
        message: 'Which package manager?',
        options: PACKAGE_MANAGERS.map((pm) => ({ value: pm, label: pm })),
        initial: detected,
      }),
  });
  return { pm: value };
}
