const ACTIVATE = /activate\s*\(\s*ctx\s*\)\s*\{[ \t]*\r?\n([ \t]*)/;
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
  const call = `${indent}await ctx.${registration.kind}.register('${registration.id}', ${registration.fn});${newline}`;
  const at = activate.index + activate[0].length - indent.length;
  let out = text.slice(0, at) + call + text.slice(at);

  const specifier = `./${registration.file}.js`;
  const line = `import { ${registration.fn} } from '${specifier}';${newline}`;
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
