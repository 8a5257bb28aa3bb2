import { compileLinearPattern, isStackPluginError, PATTERN_INPUT_LIMIT } from '@stack-plugin/pdk';
import fc from 'fast-check';
import { harnessErrors } from '../harness-errors.js';
import { boundedFilter } from './_bounded-filter.js';
import { anyJson, type BuildContext, num, refusal } from './_build-context.js';
import { arrayArbitrary, objectArbitrary } from './_collection-arbitraries.js';
import { FORMAT_GENERATORS, NUMBER_FORMATS } from './_formats.js';
import {
  CHOICES,
  Contradiction,
  canonical,
  isPlainObject,
  type JsonSchema,
  merge,
  normalize,
  type Plan,
  RESIDUE,
  typesOf,
} from './_schema-algebra.js';

const ALL_TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];

function isRefusal(error: unknown): boolean {
  return isStackPluginError(error) && error.code === harnessErrors.TEST_SCHEMA_NOT_GENERATABLE.code;
}

/** The subschema `$ref`/`$dynamicRef` point at, merged with the keywords beside them. */
function dereference(
  schema: JsonSchema,
  path: string,
  ctx: BuildContext,
): { schema: JsonSchema; path: string } {
  let current = schema;
  let at = path;
  for (let hops = 0; isPlainObject(current); hops++) {
    const { $ref, $dynamicRef, ...rest } = current;
    const ref = typeof $ref === 'string' ? $ref : $dynamicRef;
    if (typeof ref !== 'string') break;
    if (hops > 32)
      throw refusal('$ref', at, 'the references form a loop that never reaches a schema');
    const target = ctx.resolveRef(ref);
    // Unplaceable: generate from the rest; the validator judges the result.
    if (target === undefined) return { schema: rest, path: at };
    if (Object.keys(rest).length === 0) {
      current = target.schema;
      at = target.path;
    } else {
      current = { allOf: [target.schema], ...rest };
    }
  }
  return { schema: current, path: at };
}

/** A fast-check arbitrary of values `schema` (found at `path`) accepts, built from a plan. */
export function build(
  schema: JsonSchema,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  if (depth > ctx.limits.maxDepth * 3 + 6) {
    throw refusal('$ref', path, 'the schema recurses deeper than generation may go');
  }
  if (schema === true) return anyJson(depth, ctx.limits);
  if (schema === false) throw refusal('false', path, 'the schema `false` accepts no value');
  const { schema: target, path: at } = dereference(schema, path, ctx);
  let plan: Plan;
  try {
    plan = normalize(target, (member) => dereference(member, at, ctx).schema);
  } catch (error) {
    if (error instanceof Contradiction)
      throw refusal(error.keyword, at, 'its keywords contradict each other');
    throw error;
  }
  const arb = fromPlan(plan, at, depth, ctx);
  const local = ctx.check(schema);
  return local === undefined ? arb : boundedFilter(arb, local);
}

/** Builds one alternative of the first choice group at a time; the rest stay in the plan. */
function fromChoices(
  plan: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  const [group, ...others] = plan[CHOICES] as JsonSchema[][];
  const rest: Plan = { ...plan, [CHOICES]: others };
  if (others.length === 0) delete rest[CHOICES];
  const built: fc.Arbitrary<unknown>[] = [];
  let first: unknown;
  for (const [i, alternative] of (group ?? []).entries()) {
    if (ctx.alternatives <= 0) break;
    ctx.alternatives -= 1;
    try {
      const resolved = dereference(alternative, `${path}/${i}`, ctx).schema;
      const merged = merge(
        rest,
        normalize(resolved, (m) => dereference(m, path, ctx).schema),
      );
      built.push(fromPlan(merged, path, depth, ctx));
    } catch (error) {
      if (!(error instanceof Contradiction) && !isRefusal(error)) throw error;
      first ??= error;
    }
  }
  if (built.length > 0) return built.length === 1 ? built[0]! : fc.oneof(...built);
  // Out of budget: generate without the remaining groups; the checks filter.
  if (first === undefined) return fromPlan(rest, path, depth, ctx);
  if (first instanceof Contradiction)
    throw refusal(first.keyword, path, 'no alternative is consistent with the keywords beside it');
  throw first;
}

function fromPlan(
  plan: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  if (Array.isArray(plan[CHOICES]) && (plan[CHOICES] as unknown[]).length > 0) {
    return fromChoices(plan, path, depth, ctx);
  }
  const checks: Array<(value: unknown) => boolean> = [];
  for (const fragment of (plan[RESIDUE] as unknown[] | undefined) ?? []) {
    const check = ctx.check(fragment);
    if (check !== undefined) checks.push(check);
  }
  const excluded = new Set<string>();
  if (isPlainObject(plan.not)) {
    const names = Object.keys(plan.not);
    const notTypes = typesOf(plan.not.type);
    if (names.length === 1 && notTypes !== undefined) for (const t of notTypes) excluded.add(t);
    else {
      const check = ctx.check(plan.not);
      if (check !== undefined) checks.push((v) => !check(v));
    }
  }
  if (excluded.has('number')) excluded.add('integer');
  const passes = (v: unknown) => checks.every((check) => check(v));

  if ('const' in plan || Array.isArray(plan.enum)) {
    const values = ('const' in plan ? [plan.const] : (plan.enum as unknown[])).filter(passes);
    const unique = [...new Map(values.map((v) => [canonical(v), v])).values()];
    if (unique.length === 0)
      throw refusal(
        'enum' in plan ? 'enum' : 'const',
        path,
        'no listed value passes the other keywords',
      );
    return fc.constantFrom(...unique).map((v) => structuredClone(v));
  }
  const declared = typesOf(plan.type);
  const types = (declared ?? typeList(plan)).filter((t) => !excluded.has(t));
  if (types.length === 0) throw refusal('type', path, 'no JSON type is left by `type` and `not`');
  // A type whose keywords cannot be met is left out while another type remains.
  const others: fc.Arbitrary<unknown>[] = [];
  const arbs: fc.Arbitrary<unknown>[] = [];
  let firstRefusal: unknown;
  for (const type of types) {
    try {
      arbs.push(byType(type, plan, path, depth, ctx));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      firstRefusal ??= error;
    }
  }
  if (declared === undefined) {
    const covered = new Set([
      ...types,
      ...excluded,
      ...(types.includes('number') ? ['integer'] : []),
    ]);
    for (const type of ALL_TYPES.filter((t) => !covered.has(t)))
      others.push(byType(type, {}, path, depth, ctx));
  }
  if (arbs.length === 0 && others.length === 0) throw firstRefusal;
  let arb =
    arbs.length === 0 ? fc.oneof(...others) : arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
  if (arbs.length > 0 && others.length > 0) {
    // Without `type`, values of the other types pass every type-specific keyword: rarely
    // generated, they are what remains when the keywords of the inferred types cannot be met.
    arb = fc.oneof({ arbitrary: arb, weight: 9 }, { arbitrary: fc.oneof(...others), weight: 1 });
  }
  return checks.length === 0 ? arb : boundedFilter(arb, passes);
}

/** The types whose keywords an untyped schema uses, else all. */
function typeList(s: Plan): string[] {
  const has = (...keys: string[]) => keys.some((k) => k in s);
  const inferred: string[] = [];
  if (
    has('properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames') ||
    has('minProperties', 'maxProperties', 'unevaluatedProperties', 'x-plan-forbidden')
  )
    inferred.push('object');
  if (
    has(
      'items',
      'prefixItems',
      'minItems',
      'maxItems',
      'contains',
      'unevaluatedItems',
      'uniqueItems',
    )
  )
    inferred.push('array');
  if (has('minLength', 'maxLength', 'pattern')) inferred.push('string');
  if (has('format')) inferred.push(NUMBER_FORMATS.has(String(s.format)) ? 'number' : 'string');
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'))
    inferred.push('number');
  return inferred.length > 0 ? inferred : ALL_TYPES;
}

function byType(
  type: string,
  s: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return numberArbitrary(s, type === 'integer', path);
    case 'string':
      return stringArbitrary(s, ctx.limits.maxLength);
    case 'array':
      return arrayArbitrary(s, path, depth, ctx);
    case 'object':
      return objectArbitrary(s, path, depth, ctx);
    default:
      throw refusal('type', path, `"${type}" is not a JSON Schema type`);
  }
}

function numberArbitrary(s: Plan, integer: boolean, path: string): fc.Arbitrary<number> {
  const exclusiveMin = num(s.exclusiveMinimum);
  const exclusiveMax = num(s.exclusiveMaximum);
  let min = num(s.minimum);
  let max = num(s.maximum);
  if (s.format === 'int32' || s.format === 'int64') {
    const limit = s.format === 'int32' ? 2 ** 31 : Number.MAX_SAFE_INTEGER;
    min = Math.max(min ?? -limit, -limit);
    max = Math.min(max ?? limit - 1, limit - 1);
    integer = true;
  }
  if (exclusiveMin !== undefined)
    min = Math.max(min ?? -Infinity, integer ? Math.floor(exclusiveMin) + 1 : exclusiveMin);
  if (exclusiveMax !== undefined)
    max = Math.min(max ?? Infinity, integer ? Math.ceil(exclusiveMax) - 1 : exclusiveMax);
  if (min !== undefined && max !== undefined && min > max)
    throw refusal('minimum', path, `no number lies between ${min} and ${max}`);
  const inRange = (n: number) =>
    Number.isFinite(n) &&
    (exclusiveMin === undefined || n > exclusiveMin) &&
    (exclusiveMax === undefined || n < exclusiveMax);
  let multipleOf = num(s.multipleOf);
  // An integer is a multiple of 1/n: step by 1 and let the check judge other fractions.
  if (integer && multipleOf !== undefined && !Number.isInteger(multipleOf)) multipleOf = 1;
  if (multipleOf !== undefined && multipleOf > 0) {
    const lo = Math.ceil((min ?? -1e6) / multipleOf);
    const hi = Math.floor((max ?? 1e6) / multipleOf);
    if (lo > hi) throw refusal('multipleOf', path, `no multiple of ${multipleOf} is in range`);
    const bound = (k: number) =>
      Math.max(Math.min(k, Number.MAX_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
    return boundedFilter(
      fc.integer({ min: bound(lo), max: bound(hi) }).map((k) => k * multipleOf),
      (n) => inRange(n) && (!integer || Number.isInteger(n)),
    );
  }
  if (integer) {
    const lo = Math.max(Math.ceil(min ?? Number.MIN_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(Math.floor(max ?? Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    if (lo > hi) throw refusal('minimum', path, 'no safe integer is in range');
    return fc.integer({ min: lo, max: hi });
  }
  const double = fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  });
  return boundedFilter(double, (n) => inRange(n) && !Object.is(n, -0));
}

function stringArbitrary(s: Plan, defaultMax: number): fc.Arbitrary<unknown> {
  const minLength = num(s.minLength) ?? 0;
  const maxLength = Math.max(minLength, num(s.maxLength) ?? Math.max(defaultMax, minLength));
  // fast-check generates from the JavaScript form; plugin patterns are matched only by the
  // linear engine, as the host matches them.
  const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : undefined;
  const matcher = typeof s.pattern === 'string' ? compileLinearPattern(s.pattern) : undefined;
  // The validator counts code points, as `[...text]` does.
  const fits = (v: unknown) =>
    typeof v === 'string' &&
    [...v].length >= minLength &&
    [...v].length <= maxLength &&
    (matcher === undefined || (v.length <= PATTERN_INPUT_LIMIT && matcher.test(v)));
  const format =
    typeof s.format === 'string' && !NUMBER_FORMATS.has(s.format)
      ? FORMAT_GENERATORS[s.format]
      : undefined;
  if (format !== undefined) return boundedFilter(format(), fits);
  if (pattern !== undefined) return boundedFilter(fc.stringMatching(pattern), fits);
  return boundedFilter(fc.string({ minLength, maxLength, unit: 'grapheme-composite' }), fits);
}
