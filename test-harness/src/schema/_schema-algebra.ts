/**
 * Folding JSON Schema applicators into one generation plan. `allOf` members are merged into
 * one schema; every "one of several" shape (`anyOf`, `oneOf`, `if`/`then`/`else`,
 * `dependentRequired`, `dependentSchemas`) becomes a group of alternatives the generator picks
 * from. What cannot be merged exactly is kept as a residue of original fragments, which the
 * generated value is then checked against. The result is a plan, never sent to a validator.
 */

import { compileLinearPattern } from '@stack-plugin/pdk';

/** A JSON Schema: an object or a boolean. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** A merged schema; may carry the plan keys below. */
export type Plan = Record<string, unknown>;

/** Groups of alternatives, each group satisfied by one of its members. */
export const CHOICES = 'x-plan-choices';
/** Property names that must be absent. */
export const FORBIDDEN = 'x-plan-forbidden';
/** Original fragments the value must also satisfy (checked, not generated). */
export const RESIDUE = 'x-plan-residue';

/** Thrown when merged keywords contradict each other: nothing satisfies the schema. */
export class Contradiction extends Error {
  readonly keyword: string;
  constructor(keyword: string) {
    super(`"${keyword}" contradicts another keyword`);
    this.keyword = keyword;
  }
}

const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'] as const;

const LOWER_BOUNDS = new Set([
  'minimum',
  'exclusiveMinimum',
  'minLength',
  'minItems',
  'minProperties',
  'minContains',
]);
const UPPER_BOUNDS = new Set([
  'maximum',
  'exclusiveMaximum',
  'maxLength',
  'maxItems',
  'maxProperties',
  'maxContains',
]);
/** Subschema keywords whose conjunction is the `allOf` of both. */
const CONJUNCTIVE = new Set([
  'additionalProperties',
  'propertyNames',
  'items',
  'unevaluatedProperties',
  'unevaluatedItems',
]);
/** Keywords that never change what validates; the first one seen is kept. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  '$id',
  '$schema',
  '$anchor',
  '$dynamicAnchor',
  '$defs',
  'definitions',
  '$vocabulary',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
]);

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys: equal JSON values (as the validator compares them) give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The conjunction of two subschemas, simplified for booleans. */
export function both(a: unknown, b: unknown): JsonSchema {
  if (a === undefined || a === true) return b as JsonSchema;
  if (b === undefined || b === true) return a as JsonSchema;
  if (a === false || b === false) return false;
  return { allOf: [a, b] };
}

/** The JSON types a `type` keyword allows, or undefined when it allows all. */
export function typesOf(type: unknown): string[] | undefined {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function intersectTypes(a: unknown, b: unknown): string[] {
  const left = typesOf(a) ?? [...TYPES];
  const right = typesOf(b) ?? [...TYPES];
  const out = new Set<string>();
  for (const t of left) {
    if (right.includes(t)) out.add(t);
    else if (t === 'integer' && right.includes('number')) out.add('integer');
    else if (t === 'number' && right.includes('integer')) out.add('integer');
  }
  if (out.size === 0) throw new Contradiction('type');
  return [...out];
}

function enumOf(s: Plan): unknown[] | undefined {
  if ('const' in s) return [s.const];
  return Array.isArray(s.enum) ? s.enum : undefined;
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

function matchesAny(patterns: unknown, key: string): boolean {
  if (!isPlainObject(patterns)) return false;
  return Object.keys(patterns).some((p) => compileLinearPattern(p).test(key));
}

/**
 * Keys of `other` that `side`'s `additionalProperties` governs (not named by `side`'s
 * `properties` or `patternProperties`): forbidden when it is false, else constrained by it.
 */
function crossAdditional(out: Plan, side: Plan, other: Plan): void {
  const additional = side.additionalProperties;
  if (additional === undefined || additional === true) return;
  const props = isPlainObject(side.properties) ? side.properties : {};
  const keys = new Set([
    ...Object.keys(isPlainObject(other.properties) ? other.properties : {}),
    ...(Array.isArray(other.required) ? (other.required as string[]) : []),
  ]);
  const merged = { ...(out.properties as Record<string, unknown> | undefined) };
  for (const key of keys) {
    if (Object.hasOwn(props, key) || matchesAny(side.patternProperties, key)) continue;
    if (additional === false) {
      delete merged[key];
      out[FORBIDDEN] = [...new Set([...((out[FORBIDDEN] as string[]) ?? []), key])];
    } else {
      merged[key] = both(merged[key], additional);
    }
  }
  out.properties = merged;
}

/** The conjunction of plan `a` and schema `b` (which must be normalized), as one plan. */
export function merge(a: Plan, b: JsonSchema): Plan {
  if (b === true) return a;
  if (b === false) throw new Contradiction('false');
  const out: Plan = { ...a };
  const residue: unknown[] = [...((a[RESIDUE] as unknown[]) ?? [])];
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    if (ANNOTATIONS.has(key)) {
      if (!(key in out)) out[key] = value;
    } else if (key === RESIDUE) {
      residue.push(...(value as unknown[]));
    } else if (key === 'const' || key === 'enum') {
      const allowed = key === 'const' ? [value] : (value as unknown[]);
      const current = enumOf(out);
      const texts = new Set(allowed.map(canonical));
      const kept = current === undefined ? allowed : current.filter((v) => texts.has(canonical(v)));
      if (kept.length === 0) throw new Contradiction(key);
      delete out.const;
      out.enum = kept;
    } else if (mine === undefined) {
      out[key] = value;
    } else if (key === 'type') {
      out.type = intersectTypes(mine, value);
    } else if (key === 'properties' || key === 'patternProperties') {
      const map = { ...(mine as Record<string, unknown>) };
      for (const [name, sub] of Object.entries(value as Record<string, unknown>))
        map[name] = Object.hasOwn(map, name) ? both(map[name], sub) : sub;
      out[key] = map;
    } else if (key === 'required' || key === FORBIDDEN) {
      out[key] = [...new Set([...(mine as string[]), ...(value as string[])])];
    } else if (key === CHOICES) {
      out[key] = [...(mine as unknown[]), ...(value as unknown[])];
    } else if (LOWER_BOUNDS.has(key) && typeof value === 'number') {
      out[key] = Math.max(mine as number, value);
    } else if (UPPER_BOUNDS.has(key) && typeof value === 'number') {
      out[key] = Math.min(mine as number, value);
    } else if (key === 'uniqueItems') {
      out[key] = mine === true || value === true;
    } else if (CONJUNCTIVE.has(key)) {
      out[key] = both(mine, value);
    } else if (key === 'not') {
      out.not = { anyOf: [mine, value] };
    } else if (key === 'prefixItems' && Array.isArray(mine) && Array.isArray(value)) {
      const length = Math.max(mine.length, value.length);
      out[key] = Array.from({ length }, (_, i) => both(mine[i], value[i]));
    } else if (
      key === 'multipleOf' &&
      Number.isInteger(mine) &&
      Number.isInteger(value) &&
      (mine as number) > 0 &&
      (value as number) > 0
    ) {
      const [x, y] = [mine as number, value as number];
      out[key] = (x / gcd(x, y)) * y;
    } else if (canonical(mine) !== canonical(value)) {
      residue.push({ [key]: value });
    }
  }
  crossAdditional(out, a, b);
  crossAdditional(out, b, a);
  const required = (out.required as string[] | undefined) ?? [];
  const forbidden = (out[FORBIDDEN] as string[] | undefined) ?? [];
  if (required.some((k) => forbidden.includes(k))) throw new Contradiction('required');
  if (residue.length > 0) out[RESIDUE] = residue;
  else delete out[RESIDUE];
  return out;
}

/** Whether a subschema accepts every value: `true`, or an object of annotations only. */
export function acceptsEverything(schema: unknown): boolean {
  if (schema === true) return true;
  return isPlainObject(schema) && Object.keys(schema).every((k) => ANNOTATIONS.has(k));
}

/**
 * One schema object (its `$ref` already resolved by `resolve`) as a plan: `allOf` merged, the
 * alternatives of `anyOf`, `oneOf`, `if`, `dependentRequired` and `dependentSchemas` grouped.
 */
export function normalize(
  schema: JsonSchema,
  resolve: (s: JsonSchema) => JsonSchema,
  depth = 0,
): Plan {
  if (schema === true) return {};
  if (schema === false) throw new Contradiction('false');
  const {
    allOf,
    anyOf,
    oneOf,
    if: condition,
    then,
    else: otherwise,
    dependentRequired,
    dependentSchemas,
    not,
    ...rest
  } = schema as Record<string, unknown>;
  let plan: Plan = { ...rest };
  const choices: unknown[][] = [];
  const required = new Set(Array.isArray(rest.required) ? (rest.required as string[]) : []);
  if (Array.isArray(anyOf)) choices.push(anyOf);
  if (Array.isArray(oneOf)) choices.push(oneOf);
  if (condition !== undefined && (then !== undefined || otherwise !== undefined)) {
    choices.push([
      { allOf: [condition, then ?? true] },
      { allOf: [otherwise ?? true], not: condition },
    ]);
  }
  const dependents: Array<[string, JsonSchema]> = [];
  if (isPlainObject(dependentRequired)) {
    for (const [key, deps] of Object.entries(dependentRequired))
      dependents.push([key, { required: deps as string[] }]);
  }
  if (isPlainObject(dependentSchemas)) {
    for (const [key, dep] of Object.entries(dependentSchemas))
      dependents.push([key, dep as JsonSchema]);
  }
  for (const [key, dep] of dependents) {
    if (required.has(key)) choices.push([dep]);
    else choices.push([{ [FORBIDDEN]: [key] }, { required: [key], allOf: [dep] }]);
  }
  if (acceptsEverything(not)) throw new Contradiction('not');
  if (isPlainObject(not)) {
    const names = Object.keys(not);
    const single = Array.isArray(not.required) && not.required.length === 1;
    if (names.length === 1 && single) plan[FORBIDDEN] = [String((not.required as string[])[0])];
    else plan.not = not;
  }
  if (choices.length > 0) plan[CHOICES] = choices;
  if (Array.isArray(allOf)) {
    for (const member of allOf as JsonSchema[]) {
      // Recursion through `$ref` inside `allOf` would merge forever; past a depth, check only.
      if (depth > 8) plan = merge(plan, { [RESIDUE]: [member] });
      else plan = merge(plan, normalize(resolve(member), resolve, depth + 1));
    }
  }
  return plan;
}
