import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import nodePlop, { type ActionType, type CustomActionConfig } from 'node-plop';
import { builtHash, createTemplateRenderer } from './_precompiled-templates.js';
import { type FilePlan, TEMPLATE_RECORD_PATH } from './file-plan.js';
import type { TemplateData } from './template-data.js';

// Not an ES import: building the `node:crypto` namespace reads every lazy export (webcrypto
// among them), several milliseconds of a run that only needs one hash function.
const { createHash } = process.getBuiltinModule('node:crypto');

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

/** How many node-plop generators write side by side. */
const LANES = 4;

const sha256 = (bytes: string | Uint8Array) =>
  `sha256-${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Write the planned files into `stagingDir` with node-plop: `.hbs` files are rendered with
 * their precompiled Handlebars templates (partials from `templates/_partials`), every other
 * file is copied byte for byte, and last comes `.stack-plugin/template.json` with a hash of
 * every file, so a later update can tell which files the author changed. Plop only writes;
 * the plan was decided before.
 */
export async function renderFiles(
  plan: FilePlan,
  stagingDir: string,
  options: RenderOptions,
): Promise<void> {
  const plop = await nodePlop('', { destBasePath: stagingDir, force: false });
  plop.setHelper('json', (value: unknown) => JSON.stringify(value));
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  const render = createTemplateRenderer(plop);
  const templatePath = (source: string) =>
    relative(options.templatesDir, source).split(sep).join('/');
  // Every folder the files need, made once up front rather than once per file.
  const folders = new Set(plan.files.map((f) => dirname(join(stagingDir, f.path))));
  await Promise.all([...folders].map((dir) => mkdir(dir, { recursive: true })));
  // Hashes for the record, taken from the bytes as they are written: no second pass over the
  // staging folder. Every file reaches the folder through `copy` or `render`.
  const hashes = new Map<string, string>();
  const track = (destination: string, hash: string) =>
    hashes.set(relative(stagingDir, destination).split(sep).join('/'), hash);
  // Copied in one call, with the hash taken when the kit was built; a file added to the
  // templates since (only in the kit's own checkout) is read and hashed instead. Modes are
  // copied too, and no template is executable.
  plop.setActionType('copy', async (_data, config) => {
    const source = String(config.source);
    const destination = String(config.path);
    const hash = builtHash(templatePath(source));
    if (hash === undefined) {
      const bytes = await readFile(source);
      await writeFile(destination, bytes, { flag: 'wx' });
      track(destination, sha256(bytes));
    } else {
      await copyFile(source, destination, constants.COPYFILE_EXCL);
      track(destination, hash);
    }
    return destination;
  });
  // Like node-plop's `add`, but with the template precompiled when the kit was built (see
  // _precompiled-templates.ts) and the destination used as given: `add` also compiles every
  // path as a Handlebars template and sniffs the template for binary content, for nothing here
  // (paths are planned, and only `.hbs` text files come this way).
  plop.setActionType('render', async (data, config) => {
    const destination = String(config.path);
    const text = render(templatePath(String(config.source)), data);
    await writeFile(destination, text, { flag: 'wx' });
    track(destination, sha256(text));
    return destination;
  });
  plop.setActionType('record', async () => {
    const files = Object.fromEntries([...hashes].sort(([a], [b]) => (a < b ? -1 : 1)));
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
      ? { type: 'render', path, source: file.source, abortOnFail: true }
      : { type: 'copy', path, source: file.source, abortOnFail: true };
    actions.push(action);
  }
  if (options.testHook !== undefined) {
    actions.splice(Math.floor(actions.length / 2), 0, { type: 'test-hook', abortOnFail: true });
  }
  // node-plop runs a generator's actions one after the other, each waiting on the disk. The
  // files are independent, so they are dealt round-robin to a few generators that run side by
  // side; the record, which hashes every file, runs once they are all written.
  const lanes = Array.from({ length: LANES }, (_, lane) =>
    plop.setGenerator(`project-${lane}`, {
      description: 'project files',
      prompts: [],
      actions: actions.filter((_, i) => i % LANES === lane),
    }),
  );
  const results = await Promise.all(lanes.map((g) => g.runActions({ ...options.data })));
  const record = plop.setGenerator('record', {
    description: 'record',
    prompts: [],
    actions: [{ type: 'record', abortOnFail: true }],
  });
  // A lane that fails marks its remaining actions "aborted": report the failure itself.
  const failures = results.flatMap((r) => r.failures);
  const first =
    failures.find((f) => !String(f.error ?? f.message).startsWith('Aborted due to')) ??
    failures[0] ??
    (await record.runActions({})).failures[0];
  if (first !== undefined) {
    throw createError('SCAFFOLD_WRITE_FAILED', {
      dir: stagingDir,
      detail: `${first.path ? `${first.path}: ` : ''}${first.error ?? first.message}`,
    });
  }
}
