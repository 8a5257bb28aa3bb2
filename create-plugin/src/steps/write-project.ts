import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk/errors';
import type { Answers, CreateContext } from '../create-context.js';
import { packageManagerCommands } from '../package-manager.js';
import { renderFiles, type WriteTestHook } from '../render-files.js';
import { stageChange } from '../staged-write.js';
import { createTemplateData, type ToolVersions } from '../template-data.js';

const TEST_HOOKS: readonly string[] = ['pause-mid-write', 'fail-mid-write'];

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Step 13: render the project into a staging folder and move it into place in one go. */
export async function writeProject(ctx: CreateContext): Promise<void> {
  if (ctx.plan === undefined) throw createError(pdkErrors.INTERNAL, { detail: 'nothing planned' });
  const answers = ctx.answers as Answers;
  const templatesPackage = readJson(join(ctx.templatesDir, 'package.json'));
  const versions = readJson(join(ctx.templatesDir, 'versions.json')) as ToolVersions;
  const data = createTemplateData(answers, String(templatesPackage.version), versions);
  const hook = ctx.env.CREATE_STACK_PLUGIN_TEST_HOOK;
  const plan = ctx.plan;
  const change = await ctx.prompt.task(
    `Writing ${plan.files.length} files`,
    () =>
      stageChange(
        answers.targetPath,
        (staging) =>
          renderFiles(plan, staging, {
            templatesDir: ctx.templatesDir,
            data,
            generator: `create-stack-plugin@${ctx.version}`,
            testHook:
              hook !== undefined && TEST_HOOKS.includes(hook) ? (hook as WriteTestHook) : undefined,
          }),
        { undo: ctx.undo, pauseMidMove: hook === 'pause-mid-move' },
      ),
    () => `Wrote ${plan.files.length} files to ${answers.dir}/`,
  );
  await change.commit();
  ctx.leftBehind = resumeNote(answers, 'written');
}

/**
 * What is on disk once the project reached `stage`, and the commands that finish the job: said
 * when the run is interrupted after the files were written.
 */
export function resumeNote(answers: Answers, stage: 'written' | 'installed'): string {
  const cd = `cd ${/^[\w@./-]+$/.test(answers.dir) ? answers.dir : JSON.stringify(answers.dir)}`;
  const todo = [
    ...(stage === 'written' && answers.install
      ? [packageManagerCommands(answers.pm).install.join(' ')]
      : []),
    ...(answers.git ? ['git init', 'git add -A', 'git commit -m "Initial commit"'] : []),
  ];
  const done =
    stage === 'written'
      ? `The project files are complete in ${answers.dir}/`
      : `The project in ${answers.dir}/ is complete and its dependencies are installed`;
  if (todo.length === 0) return `${done}.`;
  const missing = [
    ...(stage === 'written' && answers.install
      ? ['its dependencies are not installed (a partial node_modules/ may be left)']
      : []),
    ...(answers.git ? ['no git repository was made'] : []),
  ];
  return `${done}, but ${missing.join(' and ')}. To finish: ${[cd, ...todo].join(' && ')}`;
}
