import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk/errors';
import { resolveAnswer } from '../create-context.js';
import { jsString } from '../js-string.js';
import { refuseLinks } from '../safe-path.js';
import { scaffoldErrors } from '../scaffold-errors.js';
import { recoverStaleStaging } from '../stale-staging.js';
import type { StepFn } from '../step-runner.js';
import type { AddAnswers, AddContext, AddedFile, AddPlan } from './add-context.js';
import { TOUCHED } from './add-context.js';
import type { AddFlags } from './add-flags.js';
import {
  CONTRIBUTION_KEYS,
  contributionEntry,
  GENERATORS,
  type GeneratorName,
  namesFor,
} from './generators.js';
import { insertContribution } from './insert-contribution.js';
import { registerInEntry } from './register-in-entry.js';

/** One step of `add`. */
export type AddStep = StepFn<AddFlags, AddAnswers, AddPlan>;

/** Ids become file names: letters, digits, `.`, `-`, `_`, not first `.`, `-` or `_`. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const checkId = (id: string) =>
  SAFE_ID.test(id)
    ? undefined
    : 'use letters, digits, ".", "-" and "_" (at most 100, a letter or digit first)';

/**
 * Step 1: the project must hold stack-plugin.json and package.json, and not be reached through
 * a link; what a killed earlier `add` left there is undone first.
 */
export async function findProject(ctx: AddContext) {
  const projectDir = resolve(ctx.cwd, ctx.flags.dir ?? '.');
  await refuseLinks(ctx.cwd, projectDir, ctx.flags.dir ?? '.');
  for (const file of ['stack-plugin.json', 'package.json']) {
    const found = await lstat(join(projectDir, file)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) {
      throw createError(scaffoldErrors.SCAFFOLD_NOT_A_PLUGIN, {
        dir: projectDir,
        detail: `it has no ${file}`,
      });
    }
  }
  if (!ctx.flags.dryRun) {
    for (const note of await recoverStaleStaging(projectDir)) ctx.prompt.info(note);
  }
  return { projectDir };
}

/** Ask for an answer that has no default: even `--yes` cannot supply it. */
async function required<T>(
  ctx: AddContext,
  flag: string,
  given: T | undefined,
  ask: () => Promise<T>,
) {
  if (given !== undefined) return given;
  if (ctx.prompt.interactive) return ask();
  ctx.missing.push(flag);
  return undefined;
}

/** Steps 2-5: the generator, the id, the title and the description. */
export async function askAnswers(ctx: AddContext): Promise<Partial<AddAnswers>> {
  const generator = await required(ctx, '<generator>', ctx.flags.generator, () =>
    ctx.prompt.select<GeneratorName>({ message: 'What should be added?', options: GENERATORS }),
  );
  const idFlag = ctx.flags.id;
  if (idFlag !== undefined && checkId(idFlag) !== undefined) {
    throw createError(scaffoldErrors.SCAFFOLD_BAD_USAGE, {
      detail: `--id "${idFlag}": ${checkId(idFlag)}`,
    });
  }
  const id = await required(ctx, '--id <id>', idFlag, () =>
    ctx.prompt.text({
      message: generator === 'test' ? 'Test file name' : 'Id (such as greet.hello)',
      validate: checkId,
    }),
  );
  const words = (id ?? '').split(/[-._]+/).join(' ');
  const title = await resolveAnswer(ctx, {
    flag: '--title <text>',
    given: ctx.flags.title,
    fallback: words.charAt(0).toUpperCase() + words.slice(1),
    ask: () => ctx.prompt.text({ message: 'Title', initial: words }),
  });
  const description = await resolveAnswer(ctx, {
    flag: '--description <text>',
    given: ctx.flags.description,
    fallback: `${title}.`,
    ask: () => ctx.prompt.text({ message: 'One-line description', initial: `${title}.` }),
  });
  if (ctx.missing.length > 0) {
    // The example is the command at hand, not a new project's: `generate` is how a project
    // adds, and `--id` is the one answer without a default.
    const idArg = id === undefined ? '--id <id>' : `--id ${id}`;
    throw createError(scaffoldErrors.SCAFFOLD_ANSWERS_MISSING, {
      reason: ctx.noPromptReason ?? 'no terminal',
      flags: ctx.missing,
      example: `npx stack-plugin generate ${generator ?? 'command'} ${idArg} --yes`,
    });
  }
  return { generator, id, title, description } as Partial<AddAnswers>;
}

/**
 * Step 6: decide every change and refuse, before anything is written, when a new file would
 * replace an existing one.
 */
export async function planAddition(ctx: AddContext): Promise<{ plan: AddPlan }> {
  const { generator, id, title, description, projectDir } = ctx.answers;
  if (!generator || !id || title === undefined || description === undefined || !projectDir) {
    throw createError(pdkErrors.INTERNAL, { detail: 'planAddition ran before the questions' });
  }
  const { file, fn } = namesFor(id);
  const partial = (name: string) => `_generators/${name}`;
  let plan: AddPlan;
  if (generator === 'test') {
    plan = {
      files: [{ path: `test/${file}.test.ts`, template: partial('test.test.ts.hbs') }],
      data: { id, title, description, file, fn },
    };
  } else {
    const kind = CONTRIBUTION_KEYS[generator];
    const files: AddedFile[] = [
      { path: `src/${file}.ts`, template: partial('handler.ts.hbs') },
      { path: `test/${file}.test.ts`, template: partial('handler.test.ts.hbs') },
    ];
    const manifestText = await readFile(join(projectDir, 'stack-plugin.json'), 'utf8');
    let manifest: string;
    try {
      manifest = insertContribution(manifestText, kind, contributionEntry(id, title, description));
    } catch (error) {
      throw createError(scaffoldErrors.SCAFFOLD_ADD_REJECTED, {
        what: `${generator} ${id}`,
        dir: projectDir,
        detail: (error as Error).message,
      });
    }
    const entryText = await readFile(join(projectDir, 'src/index.ts'), 'utf8').catch(() => '');
    const entry = registerInEntry(entryText, { kind, id, fn, file });
    plan = {
      files,
      data: { kind, id, title, description, file, fn, handlerModule: `../src/${file}.js` },
      manifest,
      ...(entry === undefined
        ? {
            manualRegistration: `import { ${fn} } from ${jsString(`./${file}.js`)}; then in activate(ctx): await ctx.${kind}.register(${jsString(id)}, ${fn});`,
          }
        : { entry }),
    };
  }
  // Every file `add` writes or rewrites must sit in real folders of the project and not be a
  // link itself: writing through one would change files outside the project.
  for (const rel of [...plan.files.map((f) => f.path), ...TOUCHED]) {
    await refuseLinks(projectDir, join(projectDir, rel), ctx.flags.dir ?? '.');
  }
  const taken: string[] = [];
  for (const f of plan.files) {
    const error = await lstat(join(projectDir, f.path)).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    if (error === undefined || error.code === 'ENOTDIR') taken.push(f.path);
  }
  if (taken.length > 0) {
    throw createError(scaffoldErrors.SCAFFOLD_FILE_CONFLICT, {
      dir: projectDir,
      files: taken.join(', '),
    });
  }
  return { plan };
}

/** The dry-run report of an addition. Pure, so it can be snapshotted. */
export function formatAddPlan(plan: AddPlan): string {
  return [
    ...plan.files.map((f) => `  + ${f.path}`),
    ...(plan.manifest === undefined
      ? []
      : [`  ~ stack-plugin.json (contributes.${plan.data.kind} gets "${plan.data.id}")`]),
    ...(plan.entry === undefined ? [] : [`  ~ src/index.ts (registers ${plan.data.fn})`]),
    ...(plan.manifest === undefined ? [] : ['  ~ stack-plugin-env.d.ts (typegen)']),
    '  ~ .stack-plugin/template.json (hashes of the new files)',
    'then: validate the plugin; on any new error, undo everything',
  ].join('\n');
}
