import { basename, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import { type CreateContext, resolveAnswer } from '../create-context.js';
import { toValidPackageName, validatePackageName } from '../package-name.js';
import { checkTargetDir } from '../target-dir.js';

/** Folder used when the user accepts the defaults. */
export const DEFAULT_DIR = 'stack-plugin';

const describeNameProblems = (name: string) => validatePackageName(name).problems.join('; ');

/**
 * Step 3: the project folder and the package name. The name defaults to the folder's name and
 * is only asked for when that is not a valid package name; both are checked for path tricks
 * before any other step touches the disk.
 */
export async function projectName(ctx: CreateContext) {
  const dir = await resolveAnswer(ctx, {
    flag: '[dir]',
    given: ctx.flags.dir,
    fallback: DEFAULT_DIR,
    ask: () =>
      ctx.prompt.text({
        message: 'Where should the plugin be created?',
        initial: DEFAULT_DIR,
        placeholder: DEFAULT_DIR,
        validate: (v) => checkTargetDir(v.trim()),
      }),
  });
  const cleanDir = dir.trim();
  const unsafe = checkTargetDir(cleanDir);
  if (unsafe !== undefined) throw createError('SCAFFOLD_PATH_UNSAFE', { dir, detail: unsafe });
  const targetPath = resolve(ctx.cwd, cleanDir);

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
    throw createError('SCAFFOLD_NAME_INVALID', {
      name,
      detail: check.problems.join('; '),
      suggestion: toValidPackageName(name.replace(/^@[^/]*\//, '')),
    });
  }
  return { dir: cleanDir, targetPath, name };
}
