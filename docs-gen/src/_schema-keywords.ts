/**
 * Words for the keywords that relate values rather than shape one: composition (`allOf`,
 * `anyOf`, `oneOf`, `not`), conditionals (`if`/`then`/`else`, `dependentRequired`,
 * `dependentSchemas`) and the object and array keywords beside them. Schema tables show these
 * instead of dropping them, so a reader sees every rule the host checks.
 */

type Schema = { readonly [keyword: string]: unknown };

const MAX_SUMMARY = 80;

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A subschema in one short line: compact JSON (`true`/`false` in words), cut when long. */
export function summarize(schema: unknown): string {
  if (schema === true || (isSchema(schema) && Object.keys(schema).length === 0)) return 'anything';
  if (schema === false) return 'nothing';
  const text = JSON.stringify(schema) ?? String(schema);
  return `\`${text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text}\``;
}

const TYPE_ONLY = new Set(['type', 'const', 'enum', '$ref', 'title', 'description']);

const namesOnlyAType = (schema: unknown): boolean =>
  isSchema(schema) && Object.keys(schema).every((k) => TYPE_ONLY.has(k));

const names = (keys: readonly unknown[]) => keys.map((k) => `\`${String(k)}\``).join(', ');

/** One phrase per composition, conditional or relational keyword of `s`. */
export function keywordConstraints(s: Schema): string[] {
  const out: string[] = [];
  if (Array.isArray(s.allOf)) out.push(`all of: ${s.allOf.map(summarize).join('; ')}`);
  // Alternatives that are only types or values already show in the type column.
  for (const [key, words] of [
    ['oneOf', 'exactly one of'],
    ['anyOf', 'at least one of'],
  ] as const) {
    const list = s[key];
    if (Array.isArray(list) && !list.every(namesOnlyAType))
      out.push(`${words}: ${list.map(summarize).join('; ')}`);
  }
  if (s.not !== undefined) out.push(`not ${summarize(s.not)}`);
  if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
    const parts = [`if ${summarize(s.if)}`];
    if (s.then !== undefined) parts.push(`then ${summarize(s.then)}`);
    if (s.else !== undefined) parts.push(`else ${summarize(s.else)}`);
    out.push(parts.join(' '));
  }
  if (isSchema(s.dependentRequired)) {
    for (const [key, deps] of Object.entries(s.dependentRequired)) {
      if (Array.isArray(deps) && deps.length > 0)
        out.push(`with \`${key}\`, also requires ${names(deps)}`);
    }
  }
  if (isSchema(s.dependentSchemas)) {
    for (const [key, dep] of Object.entries(s.dependentSchemas))
      out.push(`with \`${key}\`, must match ${summarize(dep)}`);
  }
  if (isSchema(s.patternProperties)) {
    for (const [pattern, sub] of Object.entries(s.patternProperties))
      out.push(`keys matching \`${pattern}\`: ${summarize(sub)}`);
  }
  if (s.propertyNames !== undefined) out.push(`property names: ${summarize(s.propertyNames)}`);
  if (s.additionalProperties === false) out.push('no other properties');
  else if (isSchema(s.additionalProperties))
    out.push(`other properties: ${summarize(s.additionalProperties)}`);
  if (s.unevaluatedProperties !== undefined)
    out.push(`unevaluated properties: ${summarize(s.unevaluatedProperties)}`);
  if (s.contains !== undefined) {
    const min = typeof s.minContains === 'number' ? s.minContains : 1;
    const max = typeof s.maxContains === 'number' ? ` and at most ${s.maxContains}` : '';
    out.push(`at least ${min}${max} items matching ${summarize(s.contains)}`);
  }
  if (s.unevaluatedItems !== undefined)
    out.push(`unevaluated items: ${summarize(s.unevaluatedItems)}`);
  return out;
}
