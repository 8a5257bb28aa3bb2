import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ManifestIssue } from '@stack-plugin/pdk';
import { createError, isStackPluginError, toClause } from '@stack-plugin/pdk/errors';
import { validatePluginDir } from '@stack-plugin/pdk/validate';
import { TEMPLATE_RECORD_PATH } from '../file-plan.js';
import { createPlop, firstFailure } from '../plop.js';
import { scaffoldErrors } from '../scaffold-errors.js';
import { stageChange } from '../staged-write.js';
import { sha256 } from '../template-record.js';
import type { UndoLog } from '../undo-log.js';
import { type AddPlan, TOUCHED } from './add-context.js';

type Typegen = (dir: string) => Promise<{ file: string; written: boolean }>;

/** What {@link applyAddition} did. */
export interface AdditionResult {
  /** Issues validation reported that were there before `add` ran (not caused by it). */
  readonly preexisting: readonly ManifestIssue[];
  /** Whether stack-plugin-env.d.ts was regenerated, or typegen was not available. */
  readonly typegen: 'regenerated' | 'unchanged' | 'unavailable' | 'not needed';
  readonly recorded: boolean;
}

const issueKey = (i: ManifestIssue) => `${i.file}#${i.path}#${i.code}`;

/**
 * `generatePluginTypes` of @stack-plugin/cli: the project's own copy first (the version its
 * scripts run), else the one next to the scaffolder; `undefined` when neither is installed.
 */
async function loadTypegen(projectDir: string): Promise<Typegen | undefined> {
  const candidates: Array<() => Promise<unknown>> = [
    async () =>
      import(
        pathToFileURL(createRequire(join(projectDir, 'package.json')).resolve('@stack-plugin/cli'))
          .href
      ),
    // A non-literal specifier: the CLI is optional at run time and not type-checked from here.
    async () => import(['@stack-plugin', 'cli'].join('/')),
  ];
  for (const load of candidates) {
    try {
      const mod = (await load()) as { generatePluginTypes?: Typegen };
      if (typeof mod.generatePluginTypes === 'function') return mod.generatePluginTypes;
    } catch {
      // not installed there: try the next place
    }
  }
  return undefined;
}

/** Render the new files into `stagingDir` with node-plop's own `add` action. */
async function render(plan: AddPlan, stagingDir: string, templatesDir: string): Promise<void> {
  const plop = await createPlop(templatesDir, stagingDir);
  const generator = plop.setGenerator('add', {
    description: 'add',
    prompts: [],
    actions: plan.files.map((f) => ({
      type: 'add',
      path: f.path,
      templateFile: join(templatesDir, f.template),
      abortOnFail: true,
    })),
  });
  const failure = firstFailure((await generator.runActions({ ...plan.data })).failures);
  if (failure !== undefined) throw new Error(failure);
}

/** Where {@link applyAddition} works and how it is undone. */
export interface AdditionOptions {
  readonly projectDir: string;
  readonly templatesDir: string;
  /** The run's undo log: restores every file if the addition fails or is interrupted. */
  readonly undo: UndoLog;
  readonly testHook?: 'pause-mid-add' | undefined;
}

/**
 * Carry out a plan as one transaction: write the new files (staged, never overwriting), the
 * new stack-plugin.json and src/index.ts, validate the plugin, regenerate its types and record
 * the new files' hashes in `.stack-plugin/template.json`. Validation errors that were not
 * there before, any failure, SIGINT or SIGTERM restore every file as it was (through `undo`);
 * a run killed outright is taken back by the next one, from the journal written before the
 * first change.
 */
export async function applyAddition(
  plan: AddPlan,
  what: string,
  { projectDir, templatesDir, undo, testHook }: AdditionOptions,
): Promise<AdditionResult> {
  try {
    const before = await validatePluginDir(projectDir);
    const change = await stageChange(projectDir, (staging) => render(plan, staging, templatesDir), {
      undo,
      preserve: TOUCHED,
    });
    if (plan.manifest !== undefined) {
      await writeFile(join(projectDir, 'stack-plugin.json'), plan.manifest);
    }
    if (plan.entry !== undefined) await writeFile(join(projectDir, 'src/index.ts'), plan.entry);
    if (testHook === 'pause-mid-add') {
      process.stderr.write('[test-hook] paused mid-add\n');
      // Keep the event loop alive until a signal arrives: the test is checking the rollback.
      await new Promise(() => setInterval(() => {}, 60_000));
    }
    const after = await validatePluginDir(projectDir);
    const known = new Set(before.issues.map(issueKey));
    const introduced = after.issues.filter(
      (i) => i.severity === 'error' && !known.has(issueKey(i)),
    );
    if (introduced.length > 0) {
      const detail = introduced
        .map((i) => `${i.file}${i.path === '' ? '' : ` at ${i.path}`}: ${toClause(i.message)}`)
        .join('; ');
      throw createError(scaffoldErrors.SCAFFOLD_ADD_REJECTED, { what, dir: projectDir, detail });
    }
    let typegen: AdditionResult['typegen'] = 'not needed';
    if (plan.manifest !== undefined) {
      const generate = await loadTypegen(projectDir);
      typegen =
        generate === undefined
          ? 'unavailable'
          : (await generate(projectDir)).written
            ? 'regenerated'
            : 'unchanged';
    }
    const recorded = await record(projectDir, plan);
    await change.commit();
    return { preexisting: after.issues.filter((i) => known.has(issueKey(i))), typegen, recorded };
  } catch (error) {
    if (isStackPluginError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw createError(
      scaffoldErrors.SCAFFOLD_ADD_REJECTED,
      { what, dir: projectDir, detail },
      { cause: error },
    );
  }
}

/** Add the hashes of the new files to `.stack-plugin/template.json`, if the project has one. */
async function record(projectDir: string, plan: AddPlan): Promise<boolean> {
  const path = join(projectDir, TEMPLATE_RECORD_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  const data = JSON.parse(text) as { files?: Record<string, string> };
  const files: Record<string, string> = { ...data.files };
  for (const f of plan.files) files[f.path] = sha256(await readFile(join(projectDir, f.path)));
  data.files = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFile(path, `${JSON.stringify(data, null, 2)}\n`);
  return true;
}
