import { createError } from '@stack-plugin/pdk/errors';
import type { Answers, CreateContext } from '../create-context.js';
import { packageManagerCommands } from '../package-manager.js';
import { runCommand } from '../run-command.js';
import { scaffoldErrors } from '../scaffold-errors.js';
import { resumeNote } from './write-project.js';

/** Step 14: install dependencies with the chosen package manager, unless `--no-install`. */
export async function installDeps(ctx: CreateContext): Promise<void> {
  const answers = ctx.answers as Answers;
  if (!answers.install) return;
  const [command, ...args] = packageManagerCommands(answers.pm).install;
  const result = await ctx.prompt.task(
    `Installing dependencies with ${answers.pm}`,
    () => runCommand(command, args, { cwd: answers.targetPath, env: ctx.env, signal: ctx.signal }),
    (r) => (r.code === 0 ? 'Dependencies installed' : 'Installing dependencies failed'),
  );
  if (result.code !== 0) {
    throw createError(scaffoldErrors.SCAFFOLD_STEP_FAILED, {
      dir: answers.dir,
      step: `\`${[command, ...args].join(' ')}\``,
      detail: result.missing ? `${command} is not installed` : lastLines(result.output),
      command: [command, ...args].join(' '),
    });
  }
  ctx.leftBehind = resumeNote(answers, 'installed');
}

/** The end of a long log is where package managers put the actual error. */
function lastLines(output: string, count = 8): string {
  const lines = output.trim().split('\n');
  return lines.slice(-count).join('\n') || 'no output';
}
