/**
 * Compiles the Handlebars files of a template set ahead of time, for the bundle (see
 * `src/precompiled-templates.ts`): what node-plop would compile on every run, from the same
 * Handlebars with the same (default) options, keyed by the hash of the source so a run uses a
 * compiled template only for the exact text it was compiled from.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listFiles } from '../src/file-plan.ts';
import { sha256 } from '../src/sha256.ts';

const handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

/** Every `.hbs` file below `templatesDir`: source hash -> source text. */
export async function readTemplateSources(templatesDir: string): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const file of await listFiles(templatesDir)) {
    if (!file.endsWith('.hbs') || /(^|\/)(node_modules|dist)\//.test(file)) continue;
    const source = await readFile(join(templatesDir, file), 'utf8');
    sources.set(sha256(source), source);
  }
  return sources;
}

/** Every `.hbs` file below `templatesDir`, compiled: source hash -> template spec as JS source. */
export async function precompileTemplateSet(templatesDir: string): Promise<Map<string, string>> {
  const specs = new Map<string, string>();
  for (const [hash, source] of await readTemplateSources(templatesDir)) {
    specs.set(hash, String(handlebars.precompile(source)));
  }
  return specs;
}

/**
 * The module that replaces `src/precompiled-templates.ts` in the bundle. With `sources` (hash
 * -> text, from {@link readTemplateSources}), it also maps each source text to its hash, so a
 * run finds the compiled template of a shipped file without hashing its text.
 */
export function precompiledModule(
  specs: ReadonlyMap<string, string>,
  sources: ReadonlyMap<string, string> = new Map(),
): string {
  const entries = [...specs].map(([hash, spec]) => `  ${JSON.stringify(hash)}: ${spec},`);
  const keys = [...sources]
    .filter(([hash]) => specs.has(hash))
    .map(([hash, source]) => `  [${JSON.stringify(source)}, ${JSON.stringify(hash)}],`);
  return [
    `export const PRECOMPILED = {\n${entries.join('\n')}\n};`,
    `export const PRECOMPILED_KEYS = new Map([\n${keys.join('\n')}\n]);`,
    '',
  ].join('\n');
}
