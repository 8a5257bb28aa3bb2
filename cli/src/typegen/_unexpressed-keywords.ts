/**
 * Keywords of one schema object that a TypeScript type cannot express: they constrain values
 * within a type (bounds, patterns, formats), relate properties (dependencies) or exclude
 * values (`not` beyond JSON types). typegen lists them in comments, so a reader of the type
 * knows what the host still checks at run time.
 */
const UNEXPRESSED = [
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'minProperties',
  'maxProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
] as const;

const MAX_VALUE_TEXT = 60;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** `keyword value` for each keyword of `schema` the type leaves to the validator. */
export function unexpressedKeywords(schema: { readonly [keyword: string]: unknown }): string[] {
  const out: string[] = [];
  for (const keyword of UNEXPRESSED) {
    if (schema[keyword] !== undefined) out.push(`${keyword} ${show(schema[keyword])}`);
  }
  // `minItems` is expressed by tuples (required elements) only.
  if (typeof schema.minItems === 'number' && !Array.isArray(schema.prefixItems))
    out.push(`minItems ${schema.minItems}`);
  const not = schema.not;
  const typeOnly = typeof not === 'object' && not !== null && Object.keys(not).join() === 'type';
  if (not !== undefined && !typeOnly) out.push(`not ${show(not)}`);
  // With `else`, the type is (If & Then) | Else; without, `then` only narrows some values.
  if (schema.if !== undefined && schema.else === undefined && schema.then !== undefined)
    out.push(`if ${show(schema.if)} then ${show(schema.then)}`);
  if (Array.isArray(schema.oneOf)) out.push('oneOf: exactly one alternative matches');
  if (schema.$ref !== undefined && typeof schema.$ref === 'string' && !schema.$ref.startsWith('#'))
    out.push(`$ref ${show(schema.$ref)} (outside this schema)`);
  return out;
}
