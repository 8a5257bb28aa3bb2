import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import nodePlop, { type ActionType, type CustomActionConfig } from 'node-plop';
import { type FilePlan, listFiles, TEMPLATE_RECORD_PATH } from './file-plan.js';
import type { TemplateData } from './template-data.js';

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

const sha256 = (bytes: Uint8Array) => `sha256-${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Write the planned files into `stagingDir` with node-plop: `.hbs` files are rendered with
 * Handlebars (partials from `templates/_partials`), every other file is copied byte for byte,
 * and last comes `.stack-plugin/template.json` with a hash of every file, so a later update
 * can tell which files the author changed. Plop only writes; the plan was decided before.
 */
export async function renderFiles(
  plan: FilePlan,
  stagingDir: string,
  options: RenderOptions,
): Promise<void> {
  const plop = await nodePlop('', { destBasePath: stagingDir, force: false });
  plop.setHelper('json', (value: unknown) => JSON.stringify(value));
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  const partialsDir = join(options.templatesDir, '_partials');
  for (const file of await listFiles(partialsDir)) {
    const name = basename(file).replace(/\.hbs$/, '');
    plop.setPartial(name, await readFile(join(partialsDir, file), 'utf8'));
  }
  plop.setActionType('copy', async (_data, config) => {
    const destination = String(config.path);
    await mkdir(dirname(destination), { recursive: true });
    await copyFile(String(config.source), destination, constants.COPYFILE_EXCL);
    return destination;
  });
  plop.setActionType('record', async () => {
    const files: Record<string, string> = {};
    for (const file of await listFiles(stagingDir)) {
      files[file] = sha256(await readFile(join(stagingDir, file)));
    }
    const record = {
      template: options.data.template,
      templateVersion: options.data.kitVersion,
      generator: options.generator,
      features: options.data.features,
      files,
    };
    const destination = join(stagingDir, TEMPLATE_RECORD_PATH);
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
    return destination;
  });
  plop.setActionType('test-hook', async () => {
    if (options.testHook === 'fail-mid-write') throw new Error('test hook: failing mid-write');
    process.stderr.write('[test-hook] paused mid-write\n');
    // Keep the event loop alive until a signal arrives: the test is checking the cleanup.
    await new Promise(() => setInterval(() => {}, 60_000));
    return '';
  });

  const actions: ActionType[] = [];
  for (const file of plan.files) {
    if (file.source === undefined) continue;
    const path = join(stagingDir, file.path);
    const action: CustomActionConfig<string> = file.render
      ? { type: 'add', path, templateFile: file.source, abortOnFail: true }
      : { type: 'copy', path, source: file.source, abortOnFail: true };
    actions.push(action);
  }
  if (options.testHook !== undefined) {
    actions.splice(Math.floor(actions.length / 2), 0, { type: 'test-hook', abortOnFail: true });
  }
  actions.push({ type: 'record', abortOnFail: true });

  const generator = plop.setGenerator('project', { description: 'project', prompts: [], actions });
  const { failures } = await generator.runActions({ ...options.data });
  const first = failures[0];
  if (first !== undefined) {
    throw createError('SCAFFOLD_WRITE_FAILED', {
      dir: stagingDir,
      detail: `${first.path ? `${first.path}: ` : ''}${first.error ?? first.message}`,
    });
  }
}
