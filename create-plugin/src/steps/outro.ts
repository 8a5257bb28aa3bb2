import type { Answers, CreateContext } from '../create-context.js';
import { packageManagerCommands } from '../package-manager.js';

/** The next steps after a successful run. Pure, so it can be snapshotted. */
export function nextSteps(answers: Answers): string[] {
  const { install, run } = packageManagerCommands(answers.pm);
  const quote = /^[\w@./-]+$/.test(answers.dir) ? answers.dir : JSON.stringify(answers.dir);
  return [
    ...(answers.dir === '.' ? [] : [`cd ${quote}`]),
    ...(answers.install ? [] : [install.join(' ')]),
    `${run} dev           # run it in a dev host: hot reload on save, commands at a prompt`,
    `${run} test          # unit, security and performance suites`,
    `${run} validate      # check stack-plugin.json`,
    `${run} typegen       # after editing stack-plugin.json`,
    ...(answers.features.docs ? [`${run} docs          # build the docs`] : []),
  ];
}

/** Step 16: say what to do next. */
export async function outro(ctx: CreateContext): Promise<void> {
  const answers = ctx.answers as Answers;
  ctx.prompt.note(nextSteps(answers).join('\n'), 'Next steps');
  ctx.prompt.outro(`Created ${answers.name}. Happy hacking!`);
}
