/**
 * Marks the CommonJS module bodies of a bundle (esbuild's `__commonJS` wrappers: Handlebars'
 * run-time in `create.js`) for eager compilation. esbuild writes each body as a method
 * (`"path"(exports, module) { ... }`), which V8 compiles only when first called, so it is never
 * in Node's compile cache (that holds what was compiled before the module ran) and is compiled
 * again on every run. Written as a parenthesised function instead, V8 compiles it with the
 * module and the cache keeps it. The call is the same: `__commonJS` calls the wrapper's only
 * property.
 */
import { readFile, writeFile } from 'node:fs/promises';

const HEADER =
  /= __commonJS\(\{\n {2}("[^"\n]+")\(((?:exports|module)(?:, (?:exports|module))*)?\) \{\n/g;
// The end of a wrapper: esbuild indents bodies by four spaces, so this line pair closes it.
const FOOTER = '\n  }\n});\n';

/** Rewrite `file` in place; fails when a wrapper does not have the shape expected. */
export async function hintCommonJsWrappers(file: string): Promise<number> {
  const source = await readFile(file, 'utf8');
  const expected = source.split('= __commonJS({\n').length - 1;
  const parts: string[] = [];
  let at = 0;
  let count = 0;
  for (const match of source.matchAll(HEADER)) {
    if (match.index < at) continue;
    const end = source.indexOf(FOOTER, match.index + match[0].length);
    if (end < 0) break;
    parts.push(source.slice(at, match.index));
    parts.push(`= __commonJS({\n  ${match[1]}: (function(${match[2] ?? ''}) {\n`);
    parts.push(source.slice(match.index + match[0].length, end));
    parts.push('\n  })\n});\n');
    at = end + FOOTER.length;
    count++;
  }
  if (count !== expected) {
    throw new Error(
      `${file}: ${count} of ${expected} CommonJS wrappers rewritten: update scripts/hint-eager.ts`,
    );
  }
  parts.push(source.slice(at));
  await writeFile(file, parts.join(''));
  return count;
}
