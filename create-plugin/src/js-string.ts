/**
 * `value` as a single-quoted JavaScript string literal, for code the scaffolder generates:
 * quotes, backslashes, line breaks and every other character that could end the literal or
 * start code come out escaped. JSON.stringify does the escaping; only the quote character is
 * swapped, to match the generated projects' Biome style (single quotes).
 */
export function jsString(value: unknown): string {
  const inner = JSON.stringify(String(value)).slice(1, -1);
  // Walk escape sequences as units so `\\"` is read as an escaped backslash, then a quote.
  return `'${inner.replace(/\\.|'/g, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m))}'`;
}
