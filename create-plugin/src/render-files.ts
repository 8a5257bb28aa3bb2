import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import type { ActionType, CustomActionConfig } from 'node-plop';
import { type FilePlan, TEMPLATE_RECORD_PATH } from './file-plan.js';
import { createPlop, firstFailure, readPartials, TEMPLATE_HELPERS } from './plop.js';
import { scaffoldErrors } from './scaffold-errors.js';
import type { TemplateData } from './template-data.js';
import { sha256, type TemplateRecord } from './template-record.js';
import { createTemplateRenderer } from './template-renderer.js';

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
 * Write the planned files into `stagingDir` with node-plop: `.hbs` files rendered by a `render`
 * action (Handlebars with the kit's helpers and the partials from `templates/_partials`,
 * precompiled when the package was bundled, see {@link createTemplateRenderer}), every other
 * file copied byte for byte (a `copy` action: a template engine would read a `{{` in a plain
 * file as a template), and last `.stack-plugin/template.json` with a hash of every file, so a
 * later update can tell which files the author changed. Both actions create each file
 * exclusively (`wx`): nothing is ever overwritten. Plop only writes; the plan was decided
 * before.
 */
export async function renderFiles(
  plan: FilePlan,
  stagingDir: string,
  options: RenderOptions,
): Promise<void> {
  const partials = readPartials(options.templatesDir);
  const plop = await createPlop(options.templatesDir, stagingDir, partials);
  const render = createTemplateRenderer(plop, TEMPLATE_HELPERS, partials);
  // Hashes for the record, taken from the bytes as they are written: no second pass.
  const hashes = new Map<string, string>();
  const madeDirs = new Set<string>();
  // Small files, one at a time: synchronous calls cost a fraction of a round trip through
  // libuv's thread pool each (three or four per file with fs/promises).
  const write = (path: string, bytes: string | Uint8Array) => {
    const destination = join(stagingDir, path);
    const dir = dirname(destination);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(destination, bytes, { flag: 'wx' });
    hashes.set(path, sha256(bytes));
    return path;
  };
  plop.setActionType('copy', async (_data, config) =>
    write(String(config.path), readFileSync(String(config.source))),
  );
  plop.setActionType('render', async (data, config) =>
    write(String(config.path), render(readFileSync(String(config.source), 'utf8'), data)),
  );
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
    const action: CustomActionConfig<'copy' | 'render'> = {
      type: file.render ? 'render' : 'copy',
      path: file.path,
      source: file.source,
      abortOnFail: true,
    };
    actions.push(action);
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
  mkdirSync(dirname(destination), { recursive: true });
  writeFileSync(destination, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
}
