import { lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk/errors';
import type { CreateContext } from '../create-context.js';
import { planFiles } from '../file-plan.js';
import { refuseLinks } from '../safe-path.js';
import { scaffoldErrors } from '../scaffold-errors.js';
import { checkTargetState, inspectTarget, listSome } from '../target-dir.js';

/**
 * Step 11: decide every file to write, and refuse before writing anything when the target is a file, is not empty (without
 * `--force`), already holds any file the template would write, or leads through a link.
 */
export async function plan(ctx: CreateContext) {
  const { targetPath, dir, template, features } = ctx.answers;
  if (targetPath === undefined || dir === undefined || !template || !features) {
    throw createError(pdkErrors.INTERNAL, { detail: 'plan step ran before the questions' });
  }
  // Checked again: the folder may have changed while the questions were answered.
  await checkTargetState(ctx.cwd, dir, targetPath, ctx.flags.force);
  const state = await inspectTarget(targetPath);
  const filePlan = await planFiles(ctx.templatesDir, template, features);
  if (state.kind !== 'missing') {
    // With --force, a folder the template writes into (src, test) may already exist: it must
    // be a real folder, not a link out of the project.
    for (const file of filePlan.files) {
      await refuseLinks(targetPath, dirname(join(targetPath, file.path)), dir);
    }
    const taken: string[] = [];
    for (const file of filePlan.files) {
      const error = await lstat(join(targetPath, file.path)).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
      if (error === undefined || error.code === 'ENOTDIR') taken.push(file.path);
    }
    if (taken.length > 0) {
      throw createError(scaffoldErrors.SCAFFOLD_FILE_CONFLICT, { dir, files: listSome(taken) });
    }
  }
  return { plan: filePlan };
}
