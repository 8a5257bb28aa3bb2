import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { HelperDelegate } from 'handlebars';
import { jsString } from './js-string.js';

// Apart from plop.ts: rendering precompiled templates needs the helpers and partials but not
// node-plop, which is then never loaded.

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
