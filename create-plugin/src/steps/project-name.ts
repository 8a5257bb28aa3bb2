import { basename, resolve } from 'node:path';
import { createError, isStackPluginError, toErrorJson } from '@stack-plugin/pdk/errors';
import { type CreateContext, resolveAnswer } from '../create-context.js';
import { toValidPackageName, validatePackageName } from '../package-name.js';
import { scaffoldErrors } from '../scaffold-errors.js';
import { recoverStaleStaging } from '../stale-staging.js';
import { checkTargetDir, checkTargetState } from '../target-dir.js';

/** Folder used when the user accepts the defaults. */
export const DEFAULT_DIR = 'stack-plugin';

const describeNameProblems = (name: string) => validatePackageName(name).problems.join('; ');

/**
 * Step 3: the project folder and the package name. The name defaults to the folder's name and
 * is only asked for when that is not a valid package name; both are checked for path tricks,
 * and the folder for links, files and existing content, before the next question.
 */
export async function projectName(ctx: CreateContext) {
  let given = ctx.flags.dir;
  let cleanDir: string;
  let targetPath: string;
  for (;;) {
    const dir = await resolveAnswer(ctx, {
      flag: '[dir]',
      given,
      fallback: DEFAULT_DIR,
      ask: () =>
        ctx.prompt.text({
          message: 'Where should the plugin be created?',
          initial: DEFAULT_DIR,
          placeholder: DEFAULT_DIR,
          validate: (v) => checkTargetDir(v.trim()),
        }),
    });
    cleanDir = dir.trim();
    const unsafe = checkTargetDir(cleanDir);
    if (unsafe !== undefined)
      throw createError(scaffoldErrors.SCAFFOLD_PATH_UNSAFE, { dir, detail: unsafe });
    targetPath = resolve(ctx.cwd, cleanDir);
    // What a killed earlier run left here is taken back first (not on a dry run: it writes).
    if (!ctx.flags.dryRun) {
      for (const note of await recoverStaleStaging(targetPath)) ctx.prompt.info(note);
    }
    // Checked now, not after the remaining questions: a taken folder is known right away.
    try {
      await checkTargetState(ctx.cwd, cleanDir, targetPath, ctx.flags.force);
      break;
    } catch (error) {
      // Asked again only when the folder came from the question itself.
      if (!ctx.prompt.interactive || given !== undefined || !isStackPluginError(error)) throw error;
      const { error: json } = toErrorJson(error);
      ctx.prompt.warn(`${json.message} ${json.hint}`);
      given = undefined;
    }
  }

  let name = ctx.flags.name;
  if (name === undefined) {
    const derived = basename(targetPath);
    if (validatePackageName(derived).valid) name = derived;
    else if (ctx.prompt.interactive) {
      name = await ctx.prompt.text({
        message: `"${derived}" is not a valid package name. Package name:`,
        initial: toValidPackageName(derived) ?? '',
        validate: (v) => (validatePackageName(v).valid ? undefined : describeNameProblems(v)),
      });
    } else {
      name = derived;
    }
  }
  const check = validatePackageName(name);
  if (!check.valid) {
    throw createError(scaffoldErrors.SCAFFOLD_NAME_INVALID, {
      name,
      detail: check.problems.join('; '),
      suggestion: toValidPackageName(name.replace(/^@[^/]*\//, '')),
    });
  }
  return { dir: cleanDir, targetPath, name };
}
