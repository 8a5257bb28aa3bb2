import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import type { CreateContext } from '../create-context.js';
import { planFiles } from '../file-plan.js';
import { inspectTarget } from '../target-dir.js';

const MAX_LISTED = 8;

const listSome = (items: readonly string[]) =>
  items.length <= MAX_LISTED
    ? items.join(', ')
    : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;

/**
 * Step 11: decide every file to write, and refuse before writing anything when the target is
 * a file, is not empty (without `--force`), or already holds any file the template would write.
 */
export async function plan(ctx: CreateContext) {
  const { targetPath, dir, template, features } = ctx.answers;
  if (targetPath === undefined || dir === undefined || !template || !features) {
    throw createError('INTERNAL', { detail: 'plan step ran before the questions' });
  }
  const state = await inspectTarget(targetPath);
  if (state.kind === 'not-a-directory') {
    throw createError('SCAFFOLD_PATH_UNSAFE', { dir, detail: 'a file with that name exists' });
  }
  if (state.kind === 'not-empty' && !ctx.flags.force) {
    throw createError('SCAFFOLD_TARGET_NOT_EMPTY', { dir, entries: listSome(state.entries) });
  }
  const filePlan = await planFiles(ctx.templatesDir, template, features);
  if (state.kind !== 'missing') {
    const taken: string[] = [];
    for (const file of filePlan.files) {
      const error = await lstat(join(targetPath, file.path)).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
      if (error === undefined || error.code === 'ENOTDIR') taken.push(file.path);
    }
    if (taken.length > 0) {
      throw createError('SCAFFOLD_FILE_CONFLICT', { dir, files: listSome(taken) });
    }
  }
  return { plan: filePlan };
}
