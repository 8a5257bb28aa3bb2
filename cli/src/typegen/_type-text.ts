/**
 * Writing TypeScript source text for typegen: literals and keys as the house style (and Biome)
 * writes them, TSDoc comments from schema annotations, and unions and intersections that stay
 * valid when nested (parenthesised where precedence needs it).
 */

/** The keywords of a schema object, as typegen reads them. */
export type SchemaObject = { readonly [keyword: string]: unknown };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal in single quotes, as the house style (and Biome) writes them. */
export function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/** A property key as written in a type literal. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

export const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('') || 'Type';

/** A TSDoc comment from `title`, `description`, `default`, `deprecated` and notes, or ''. */
export function docComment(
  schema: SchemaObject,
  indent: string,
  notes: readonly string[] = [],
): string {
  const lines: string[] = [];
  const text = [schema.title, schema.description].filter((t) => typeof t === 'string').join(': ');
  if (text) lines.push(...String(text).split('\n'));
  if (schema.default !== undefined)
    lines.push(`@defaultValue \`${JSON.stringify(schema.default)}\``);
  if (schema.deprecated === true) lines.push('@deprecated');
  if (notes.length > 0) lines.push('@remarks Checked at run time, not by this type:', ...notes);
  if (lines.length === 0) return '';
  const safe = lines.map((l) => l.replaceAll('*/', '*\\/'));
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** The type of a JSON value, for `const` and `enum`. */
export function valueType(value: unknown, indent: string): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'unknown';
  if (Array.isArray(value))
    return `readonly [${value.map((v) => valueType(v, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  const entries = Object.entries(value).map(
    ([k, v]) => `${inner}readonly ${propertyKey(k)}: ${valueType(v, inner)};\n`,
  );
  return entries.length === 0 ? 'Record<string, never>' : `{\n${entries.join('')}${indent}}`;
}

export const union = (types: string[]): string => {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  const kept = unique.filter((t) => t !== 'never');
  if (kept.length === 0) return 'never';
  return kept.join(' | ');
};

/** Whether `t` has a top-level `|` or `&` (or a `readonly` prefix), so it needs parentheses. */
export function needsParens(t: string): boolean {
  if (t.startsWith('readonly ')) return true;
  let depth = 0;
  let openQuote: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (openQuote !== undefined) {
      if (ch === '\\') i++;
      else if (ch === openQuote) openQuote = undefined;
    } else if (ch === '"' || ch === "'") openQuote = ch;
    else if (ch === '{' || ch === '[' || ch === '(' || ch === '<') depth++;
    else if (ch === '}' || ch === ']' || ch === ')' || ch === '>') depth--;
    else if (depth === 0 && (ch === '|' || ch === '&')) return true;
  }
  return false;
}

export const paren = (t: string): string => (needsParens(t) ? `(${t})` : t);

/** The intersection of parts: `unknown` dropped, `never` absorbing. */
export function intersect(parts: readonly string[]): string {
  const kept = [...new Set(parts.filter((p) => p !== 'unknown'))];
  if (kept.length === 0) return 'unknown';
  if (kept.includes('never')) return 'never';
  return kept.length === 1 ? kept[0]! : kept.map(paren).join(' & ');
}
