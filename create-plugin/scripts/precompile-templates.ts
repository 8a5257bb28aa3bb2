/**
 * Compiles the Handlebars files of a template set ahead of time, for the bundle (see
 * `src/precompiled-templates.ts`): what node-plop would compile on every run, from the same
 * Handlebars with the same (default) options, keyed by the hash of the source so a run uses a
 * compiled template only for the exact text it was compiled from.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listFiles } from '../src/file-plan.ts';

const handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

// The key `sha256` of src/sha256.ts gives a source at run time (the same digest; a test looks
// every source up by it). Not imported: under plain Node that module's own imports (`.js`
// names of `.ts` files) do not resolve.
const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('hex')}`;

// Each compiled function comes out in parentheses, which V8 takes as a hint that it is called
// soon: it is compiled with the module around it and so lands in Node's compile cache, which
// holds only what was compiled before the module ran. Unhinted, every template function was
// parsed and compiled again on each run. The code is otherwise Handlebars' own.
/** The part of Handlebars' JavaScript compiler used here (its type declarations omit it). */
interface JavaScriptCompiler {
  readonly source: { wrap(chunks: unknown[]): unknown };
  createFunctionContext(asObject: boolean): unknown;
}
type WithCompiler = typeof handlebars & { JavaScriptCompiler: new () => JavaScriptCompiler };
class HintedCompiler extends (handlebars as WithCompiler).JavaScriptCompiler {
  override createFunctionContext(asObject: boolean): unknown {
    const fn = super.createFunctionContext(asObject);
    // `asObject` is the run-time compile (a real function), not source text.
    return asObject ? fn : this.source.wrap(['(', fn, ')']);
  }
}
// Child programs ({{#if}} blocks) are compiled by `new this.compiler()`.
Object.assign(HintedCompiler.prototype, { compiler: HintedCompiler });
const hinted = handlebars.create() as WithCompiler;
hinted.JavaScriptCompiler = HintedCompiler;

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
    specs.set(hash, String(hinted.precompile(source)));
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
