import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { jsString } from './js-string.js';

/**
 * node-plop set up for the kit's templates, writing below `destBasePath`: the helpers the
 * templates use (`json` for JSON values, `jsString` for every literal in generated code,
 * `comment` for text inside a comment, `eq`) and the partials in `templates/_partials`.
 * This module is the only one that imports node-plop; it is loaded only when files are
 * about to be written, so `--help`, usage errors and dry runs never pay for node-plop's
 * start-up (about 150 ms, most of it the `inquirer` it loads for prompts the kit never shows).
 */
export async function createPlop(templatesDir: string, destBasePath: string): Promise<NodePlopAPI> {
  const plop = await nodePlop(undefined, { destBasePath, force: false });
  plop.setHelper('json', (value: unknown) => JSON.stringify(value));
  plop.setHelper('jsString', jsString);
  // Titles and descriptions also go into comments: keep a stray `*/` from ending one early.
  plop.setHelper('comment', (value: unknown) => String(value).replaceAll('*/', '*\\/'));
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = join(templatesDir, '_partials');
  for (const file of await readdir(partials)) {
    if (file.endsWith('.hbs')) {
      plop.setPartial(basename(file, '.hbs'), await readFile(join(partials, file), 'utf8'));
    }
  }
  return plop;
}

/** The first real failure of a node-plop run, as `path: message`, or `undefined`. */
export function firstFailure(
  failures: ReadonlyArray<{ path?: string; error?: string; message?: string }>,
): string | undefined {
  // After a failure node-plop marks the remaining actions "aborted": report the failure itself.
  const first =
    failures.find((f) => !String(f.error ?? f.message).startsWith('Aborted due to')) ?? failures[0];
  if (first === undefined) return undefined;
  return `${first.path ? `${first.path}: ` : ''}${first.error ?? first.message}`;
}
