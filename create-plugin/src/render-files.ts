import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import type { ActionType, AddActionConfig, CustomActionConfig } from 'node-plop';
import { type FilePlan, TEMPLATE_RECORD_PATH } from './file-plan.js';
import { createPlop, firstFailure } from './plop.js';
import { scaffoldErrors } from './scaffold-errors.js';
import type { TemplateData } from './template-data.js';
import { sha256, type TemplateRecord } from './template-record.js';

/** Test hooks, set through `CREATE_STACK_PLUGIN_TEST_HOOK`, that act half-way through writing. */
export type WriteTestHook = 'pause-mid-write' | 'fail-mid-write';

/** What {@link renderFiles} needs besides the plan. */
export interface RenderOptions {
  readonly templatesDir: string;
  readonly data: TemplateData;
  /** Recorded in `.stack-plugin/template.json`. */
  readonly generator: string;
  readonly testHook?: WriteTestHook | undefined;
}

/**
 * Write the planned files into `stagingDir` with node-plop: `.hbs` files through its own `add`
 * action (Handlebars, partials from `templates/_partials`), every other file copied byte for
 * byte (a `copy` action: `add` would read a `{{` in a plain file as a template), and last
 * `.stack-plugin/template.json` with a hash of every file, so a later update can tell which
 * files the author changed. Plop only writes; the plan was decided before.
 */
export async function renderFiles(
  plan: FilePlan,
  stagingDir: string,
  options: RenderOptions,
): Promise<void> {
  const plop = await createPlop(options.templatesDir, stagingDir);
  // Hashes for the record, taken from the text as it is written: no second pass.
  const hashes = new Map<string, string>();
  plop.setActionType('copy', async (_data, config) => {
    const bytes = await readFile(String(config.source));
    const destination = join(stagingDir, String(config.path));
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, bytes, { flag: 'wx' });
    hashes.set(String(config.path), sha256(bytes));
    return String(config.path);
  });
  if (options.testHook !== undefined) {
    const hook = options.testHook;
    plop.setActionType('test-hook', async () => {
      if (hook === 'fail-mid-write') throw new Error('test hook: failing mid-write');
      process.stderr.write('[test-hook] paused mid-write\n');
      // Keep the event loop alive until a signal arrives: the test is checking the cleanup.
      await new Promise(() => setInterval(() => {}, 60_000));
      return '';
    });
  }
  const actions: ActionType[] = [];
  for (const file of plan.files) {
    if (file.source === undefined) continue;
    const path = file.path;
    const add: AddActionConfig = {
      type: 'add',
      path,
      templateFile: file.source,
      abortOnFail: true,
      transform: (text: string) => {
        hashes.set(path, sha256(text));
        return text;
      },
    };
    const copy: CustomActionConfig<'copy'> = {
      type: 'copy',
      path,
      source: file.source,
      abortOnFail: true,
    };
    actions.push(file.render ? add : copy);
  }
  if (options.testHook !== undefined) {
    actions.splice(Math.floor(actions.length / 2), 0, { type: 'test-hook', abortOnFail: true });
  }
  const generator = plop.setGenerator('project', { description: 'project', prompts: [], actions });
  const failure = firstFailure((await generator.runActions({ ...options.data })).failures);
  if (failure !== undefined) {
    throw createError(scaffoldErrors.SCAFFOLD_WRITE_FAILED, { dir: stagingDir, detail: failure });
  }
  const { data } = options;
  const record: TemplateRecord = {
    template: data.template,
    templateVersion: data.kitVersion,
    generator: options.generator,
    features: data.features,
    answers: { name: data.name, description: data.description, pm: data.pm, year: data.year },
    files: Object.fromEntries([...hashes].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const destination = join(stagingDir, TEMPLATE_RECORD_PATH);
  await mkdir(dirname(destination), { recursive: true });
  await writeFile(destination, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
}
