import { jsString } from '../js-string.js';

const ACTIVATE = /activate\s*\(\s*ctx\s*\)\s*\{[ \t]*\r?\n([ \t]*)/;
/** The generated projects' Biome line width. */
const LINE_WIDTH = 100;
const IMPORT = /^import\s[^;]*?\sfrom\s+'([^']+)';[ \t]*\r?\n/gm;

/**
 * Wire a new handler into the plugin's entry: import it (kept in sorted position among the
 * relative imports, as Biome's import sorting wants) and register it first thing in
 * `activate(ctx)`. Returns `undefined` when the entry has no `activate(ctx) {` to add to; the
 * caller then tells the author the line to add.
 */
export function registerInEntry(
  text: string,
  registration: { kind: string; id: string; fn: string; file: string },
): string | undefined {
  const activate = ACTIVATE.exec(text);
  if (activate === null) return undefined;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = activate[1] ?? '    ';
  const { kind, id, fn } = registration;
  let call = `${indent}await ctx.${kind}.register(${jsString(id)}, ${fn});${newline}`;
  if (call.trimEnd().length > LINE_WIDTH) {
    // Broken the way Biome (and Prettier) break a call that does not fit on one line.
    const inner = `${indent}  `;
    call = [
      `${indent}await ctx.${kind}.register(`,
      `${inner}${jsString(id)},`,
      `${inner}${fn},`,
      `${indent});`,
    ]
      .map((l) => `${l}${newline}`)
      .join('');
  }
  const at = activate.index + activate[0].length - indent.length;
  let out = text.slice(0, at) + call + text.slice(at);

  const specifier = `./${registration.file}.js`;
  const line = `import { ${registration.fn} } from ${jsString(specifier)};${newline}`;
  let insertAt = 0;
  for (const match of out.matchAll(IMPORT)) {
    if (match.index > activate.index) break;
    const from = match[1] ?? '';
    if (from.startsWith('.') && from > specifier) {
      insertAt = match.index;
      break;
    }
    insertAt = match.index + match[0].length;
  }
  out = out.slice(0, insertAt) + line + out.slice(insertAt);
  return out;
}
