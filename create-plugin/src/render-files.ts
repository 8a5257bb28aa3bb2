import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import { type FilePlan, TEMPLATE_RECORD_PATH } from './file-plan.js';
import { scaffoldErrors } from './scaffold-errors.js';
import type { TemplateData } from './template-data.js';
import { readPartials, TEMPLATE_HELPERS } from './template-helpers.js';
import { sha256, type TemplateRecord } from './template-record.js';
import { allPrecompiled, createTemplateRenderer } from './template-renderer.js';

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

async function runTestHook(hook: WriteTestHook): Promise<void> {
  if (hook === 'fail-mid-write') throw new Error('test hook: failing mid-write');
  process.stderr.write('[test-hook] paused mid-write\n');
  // Keep the event loop alive until a signal arrives: the test is checking the cleanup.
  await new Promise(() => setInterval(() => {}, 60_000));
}

/**
 * Write the planned files into `stagingDir`: `.hbs` files rendered (Handlebars with the kit's
 * helpers and the partials from `templates/_partials`, precompiled when the package was
 * bundled, see {@link createTemplateRenderer}), every other file copied byte for byte (a
 * template engine would read a `{{` in a plain file as a template), and last
 * `.stack-plugin/template.json` with a hash of every file, so a later update can tell which
 * files the author changed. Each file is created exclusively (`wx`): nothing is ever
 * overwritten. node-plop is loaded only to compile a template that was not precompiled (the
 * unbundled build, another template set): the bundled `create` never loads it.
 */
export async function renderFiles(
  plan: FilePlan,
  stagingDir: string,
  options: RenderOptions,
): Promise<void> {
  const partials = readPartials(options.templatesDir);
  const files = plan.files.flatMap((file) =>
    file.source === undefined
      ? []
      : [
          {
            path: file.path,
            render: file.render,
            // Read up front: whether node-plop is needed depends on every source.
            bytes: file.render ? readFileSync(file.source, 'utf8') : readFileSync(file.source),
          },
        ],
  );
  const sources = [
    ...Object.values(partials),
    ...files.flatMap((f) => (typeof f.bytes === 'string' ? [f.bytes] : [])),
  ];
  const plop = allPrecompiled(sources)
    ? undefined
    : await (await import('./plop.js')).createPlop(options.templatesDir, stagingDir, partials);
  const render = createTemplateRenderer(plop, TEMPLATE_HELPERS, partials);
  // Hashes for the record, taken from the bytes as they are written: no second pass.
  const hashes = new Map<string, string>();
  const madeDirs = new Set<string>([stagingDir]);
  // Small files, one at a time, one synchronous call each: an fs/promises call is a round trip
  // through libuv's thread pool that costs more than the call itself.
  const write = (path: string, bytes: string | Uint8Array) => {
    const destination = join(stagingDir, path);
    const dir = dirname(destination);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(destination, bytes, { flag: 'wx' });
    hashes.set(path, sha256(bytes));
  };
  // The data as node-plop handed it to its actions: a copy per run.
  const data = { ...options.data };
  const hookAt = options.testHook === undefined ? -1 : Math.floor(files.length / 2);
  try {
    for (const [index, file] of files.entries()) {
      if (index === hookAt && options.testHook !== undefined) await runTestHook(options.testHook);
      write(file.path, typeof file.bytes === 'string' ? render(file.bytes, data) : file.bytes);
    }
  } catch (error) {
    const detail = (error as Error | undefined)?.message || String(error);
    throw createError(scaffoldErrors.SCAFFOLD_WRITE_FAILED, { dir: stagingDir, detail });
  }
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
