import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { HelperDelegate } from 'handlebars';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { jsString } from './js-string.js';

/**
 * The helpers the templates use: `json` for JSON values, `jsString` for every literal in
 * generated code, `comment` for text inside a comment, `eq`.
 */
export const TEMPLATE_HELPERS: Readonly<Record<string, HelperDelegate>> = {
  json: (value: unknown) => JSON.stringify(value),
  jsString,
  // Titles and descriptions also go into comments: keep a stray `*/` from ending one early.
  comment: (value: unknown) => String(value).replaceAll('*/', '*\\/'),
  eq: (a: unknown, b: unknown) => a === b,
};

/** The partials of the template set in `templatesDir` (`templates/_partials`): name -> source. */
export function readPartials(templatesDir: string): Record<string, string> {
  const dir = join(templatesDir, '_partials');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => [basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8')]),
  );
}

/**
 * node-plop set up for the kit's templates, writing below `destBasePath`: the
 * {@link TEMPLATE_HELPERS} and the partials in `templates/_partials` (`partials`, when the
 * caller has read them already).
 * This module is the only one that imports node-plop; it is loaded only when files are
 * about to be written, so `--help`, usage errors and dry runs never pay for node-plop's
 * start-up (about 150 ms, most of it the `inquirer` it loads for prompts the kit never shows).
 */
export async function createPlop(
  templatesDir: string,
  destBasePath: string,
  partials?: Readonly<Record<string, string>>,
): Promise<NodePlopAPI> {
  const plop = await nodePlop(undefined, { destBasePath, force: false });
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) plop.setHelper(name, helper);
  for (const [name, source] of Object.entries(partials ?? readPartials(templatesDir))) {
    plop.setPartial(name, source);
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
