import { type CreateContext, resolveAnswer } from '../create-context.js';

/** Step 8: whether to create a git repository with a first commit. */
export async function askGit(ctx: CreateContext) {
  const git = await resolveAnswer(ctx, {
    flag: '--git or --no-git',
    given: ctx.flags.git,
    fallback: true,
    ask: () => ctx.prompt.confirm({ message: 'Initialise a git repository?', initial: true }),
  });
  return { git };
}

/** Step 9: whether to install dependencies now. */
export async function askInstall(ctx: CreateContext) {
  const install = await resolveAnswer(ctx, {
    flag: '--install or --no-install',
    given: ctx.flags.install,
    fallback: true,
    ask: () => ctx.prompt.confirm({ message: 'Install dependencies now?', initial: true }),
  });
  return { install };
}
