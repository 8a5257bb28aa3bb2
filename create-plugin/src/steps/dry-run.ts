import type { Answers, CreateContext } from '../create-context.js';
import { packageManagerCommands } from '../package-manager.js';
import type { StepOutcome } from './step.js';

/** The dry-run report: what would be written and run. Pure, so it can be snapshotted. */
export function formatPlan(answers: Answers, files: readonly { path: string }[]): string {
  const on = Object.entries(answers.features)
    .filter(([, v]) => v)
    .map(([k]) => k);
  const lines = [
    `Would create ${answers.name} in ${answers.dir}/ from the ${answers.template} template`,
    `features: ${on.length === 0 ? 'none' : on.join(', ')}`,
    '',
    ...files.map((f) => `  + ${f.path}`),
    '',
    `${files.length} files`,
    `then: ${answers.install ? packageManagerCommands(answers.pm).install.join(' ') : 'no install (--no-install)'}`,
    `then: ${answers.git ? 'git init and a first commit (unless inside a repository)' : 'no git (--no-git)'}`,
  ];
  return lines.join('\n');
}

/** Step 12: with `--dry-run`, print the plan and stop before writing. */
export async function dryRun(ctx: CreateContext): Promise<StepOutcome> {
  if (!ctx.flags.dryRun || ctx.plan === undefined) return undefined;
  ctx.prompt.note(formatPlan(ctx.answers as Answers, ctx.plan.files), 'Dry run');
  ctx.prompt.outro('Dry run: nothing was written.');
  return 'stop';
}
