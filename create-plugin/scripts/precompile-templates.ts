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

/** Every `.hbs` file below `templatesDir`, compiled: source hash -> template spec as JS source. */
export async function precompileTemplateSet(templatesDir: string): Promise<Map<string, string>> {
  const specs = new Map<string, string>();
  for (const file of await listFiles(templatesDir)) {
    if (!file.endsWith('.hbs') || /(^|\/)(node_modules|dist)\//.test(file)) continue;
    const source = await readFile(join(templatesDir, file), 'utf8');
    specs.set(sha256(source), String(handlebars.precompile(source)));
  }
  return specs;
}

/** The module that replaces `src/precompiled-templates.ts` in the bundle. */
export function precompiledModule(specs: ReadonlyMap<string, string>): string {
  const entries = [...specs].map(([hash, spec]) => `  ${JSON.stringify(hash)}: ${spec},`);
  return `export const PRECOMPILED = {\n${entries.join('\n')}\n};\n`;
}
