import type { Answers, CreateContext } from '../create-context.js';
import { runCommand } from '../run-command.js';

/**
 * Step 15: `git init` and a first commit, unless `--no-git`, git is missing, or the project is
 * inside an existing repository (whose history it then joins). A commit without a configured
 * identity is reported, not fatal: the repository is still useful.
 */
export async function initGit(ctx: CreateContext): Promise<void> {
  await setUpGit(ctx, ctx.answers as Answers);
  ctx.leftBehind = `The project in ${(ctx.answers as Answers).dir}/ is complete.`;
}

async function setUpGit(ctx: CreateContext, answers: Answers): Promise<void> {
  if (!answers.git) return;
  const run = (...args: string[]) =>
    runCommand('git', args, { cwd: answers.targetPath, env: ctx.env, signal: ctx.signal });
  const inside = await run('rev-parse', '--is-inside-work-tree');
  if (inside.missing) {
    ctx.prompt.warn('git is not installed: skipped creating a repository.');
    return;
  }
  if (inside.code === 0) {
    ctx.prompt.info('Inside an existing git repository: skipped git init.');
    return;
  }
  const init = await run('init', '--quiet');
  if (init.code !== 0) {
    ctx.prompt.warn(`git init failed: ${init.output.trim()}`);
    return;
  }
  const add = await run('add', '--all');
  const commit =
    add.code === 0
      ? await run(
          'commit',
          '--quiet',
          '--no-verify',
          '-m',
          'Initial commit from create-stack-plugin',
        )
      : add;
  if (commit.code === 0) ctx.prompt.info('Created a git repository with a first commit.');
  else {
    ctx.prompt.warn(
      `Created a git repository, but the first commit failed (is git's user.name/user.email set?): ${commit.output.trim().split('\n')[0] ?? ''}`,
    );
  }
}
