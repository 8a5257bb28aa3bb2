import { compileLinearPattern, isStackPluginError, type LinearPattern } from '@stack-plugin/pdk';
import fc from 'fast-check';
import { harnessErrors } from '../harness-errors.js';
import { boundedFilter } from './_bounded-filter.js';
import { type BuildContext, num, refusal } from './_build-context.js';
import {
  both,
  canonical,
  FORBIDDEN,
  isPlainObject,
  type JsonSchema,
  type Plan,
} from './_schema-algebra.js';

/** Most extra (unnamed) properties an object gets, beyond what `minProperties` needs. */
const MAX_EXTRA_PROPERTIES = 3;

/** Sets a key as data, so that "__proto__" is a key like any other. */
const define = (target: object, key: string, value: unknown) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });

const pointerKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Builds, or returns undefined when the subschema is refused (it can then be left out). */
function tryBuild(
  ctx: BuildContext,
  schema: JsonSchema,
  path: string,
  depth: number,
): fc.Arbitrary<unknown> | undefined {
  try {
    return ctx.build(schema, path, depth);
  } catch (error) {
    if (isStackPluginError(error) && error.code === harnessErrors.TEST_SCHEMA_NOT_GENERATABLE.code)
      return undefined;
    throw error;
  }
}

/**
 * Objects: `properties` and `required`, `patternProperties` (for named keys and for extra
 * keys matching a pattern), `additionalProperties` (or `unevaluatedProperties` in its place),
 * `propertyNames`, `minProperties`/`maxProperties` and the keys a plan forbids.
 */
export function objectArbitrary(
  s: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  const properties = isPlainObject(s.properties) ? s.properties : {};
  const patterns = Object.entries(
    isPlainObject(s.patternProperties) ? s.patternProperties : {},
  ).map(([source, schema]) => ({
    source,
    // `regex` only feeds fast-check's generator; keys are matched by the linear engine.
    regex: new RegExp(source, 'u'),
    matcher: compileLinearPattern(source),
    schema: schema as JsonSchema,
  }));
  // Where `additionalProperties` is given it evaluates every other key, so
  // `unevaluatedProperties` beside it never applies.
  const additional = (s.additionalProperties ?? s.unevaluatedProperties) as JsonSchema | undefined;
  const forbidden = new Set((s[FORBIDDEN] as string[] | undefined) ?? []);
  const required = (Array.isArray(s.required) ? s.required : []).filter(
    (k): k is string => typeof k === 'string',
  );
  const nameCheck = s.propertyNames === undefined ? undefined : ctx.check(s.propertyNames);
  const nameOk = (key: string) => !forbidden.has(key) && (nameCheck?.(key) ?? true);
  /** All subschemas that apply to `key`'s value, or undefined when the key is not allowed. */
  const valueSchema = (key: string): JsonSchema | undefined => {
    const parts: JsonSchema[] = [];
    if (Object.hasOwn(properties, key)) parts.push(properties[key] as JsonSchema);
    for (const p of patterns) if (p.matcher.test(key)) parts.push(p.schema);
    if (parts.length === 0) {
      if (additional === false) return undefined;
      parts.push(additional ?? true);
    }
    return parts.reduce<JsonSchema>((a, b) => both(a, b), true);
  };
  const deep = depth >= ctx.limits.maxDepth;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of required) {
    const schema = valueSchema(key);
    if (!nameOk(key))
      throw refusal('propertyNames', path, `required "${key}" is not an allowed name`);
    if (schema === undefined)
      throw refusal('additionalProperties', path, `required "${key}" is not an allowed property`);
    define(model, key, ctx.build(schema, `${path}/properties/${pointerKey(key)}`, depth + 1));
  }
  for (const key of Object.keys(properties)) {
    if (deep || Object.hasOwn(model, key) || !nameOk(key)) continue;
    const built = tryBuild(
      ctx,
      valueSchema(key) ?? true,
      `${path}/properties/${pointerKey(key)}`,
      depth + 1,
    );
    if (built !== undefined) define(model, key, built);
  }
  const minProperties = num(s.minProperties) ?? 0;
  const maxProperties = num(s.maxProperties) ?? Number.POSITIVE_INFINITY;
  if (required.length > maxProperties)
    throw refusal('maxProperties', path, `${required.length} properties are required`);
  const minExtra = Math.max(0, minProperties - Object.keys(model).length);
  const maxExtra = Math.min(
    maxProperties - required.length,
    Math.max(minExtra, deep ? 0 : MAX_EXTRA_PROPERTIES),
  );
  const extra = extraEntries(s, path, depth, ctx, { patterns, additional, valueSchema, nameOk });
  const named = fc.record(model, { requiredKeys: required });
  const extras =
    extra === undefined || maxExtra <= 0
      ? fc.constant([] as Array<[string, unknown]>)
      : fc.uniqueArray(extra, {
          minLength: Math.min(minExtra, maxExtra),
          maxLength: maxExtra,
          selector: (entry) => entry[0],
        });
  return fc.tuple(named, extras).map(([record, more]) => {
    const entries = Object.entries(record as Record<string, unknown>);
    for (const [key, value] of more) if (!Object.hasOwn(model, key)) entries.push([key, value]);
    // Over `maxProperties`: drop optional keys, last first.
    for (let i = entries.length - 1; entries.length > maxProperties && i >= 0; i--) {
      if (!required.includes(entries[i]![0])) entries.splice(i, 1);
    }
    // fromEntries defines keys, so "__proto__" stays a key instead of setting the prototype.
    return Object.fromEntries(entries);
  });
}

interface ExtraKeys {
  readonly patterns: ReadonlyArray<{
    source: string;
    regex: RegExp;
    matcher: LinearPattern;
    schema: JsonSchema;
  }>;
  readonly additional: JsonSchema | undefined;
  readonly valueSchema: (key: string) => JsonSchema | undefined;
  readonly nameOk: (key: string) => boolean;
}

/** Entries for keys no `properties` names: from patterns, or free names when allowed. */
function extraEntries(
  s: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
  keys: ExtraKeys,
): fc.Arbitrary<[string, unknown]> | undefined {
  const properties = isPlainObject(s.properties) ? s.properties : {};
  const names: fc.Arbitrary<string>[] = keys.patterns.map((p) => fc.stringMatching(p.regex));
  if (keys.additional !== false) {
    const free =
      s.propertyNames === undefined
        ? fc.string({ maxLength: 8 })
        : tryBuild(
            ctx,
            both({ type: 'string' }, s.propertyNames),
            `${path}/propertyNames`,
            depth + 1,
          );
    if (free !== undefined) names.push(free as fc.Arbitrary<string>);
  }
  if (names.length === 0) return undefined;
  const usable = (key: unknown): key is string =>
    typeof key === 'string' &&
    !Object.hasOwn(properties, key) &&
    keys.nameOk(key) &&
    keys.valueSchema(key) !== undefined;
  const values = new Map<string, fc.Arbitrary<unknown> | undefined>();
  const valueFor = (key: string): fc.Arbitrary<unknown> | undefined => {
    // Keys matching the same patterns share one value arbitrary.
    const signature = keys.patterns.map((p) => (p.matcher.test(key) ? '1' : '0')).join('');
    if (!values.has(signature)) {
      const schema = keys.valueSchema(key) ?? false;
      values.set(signature, tryBuild(ctx, schema, `${path}/additionalProperties`, depth + 1));
    }
    return values.get(signature);
  };
  const key = boundedFilter(fc.oneof(...names), usable);
  return boundedFilter(
    key.chain((k) => {
      const value = usable(k) ? valueFor(k) : undefined;
      return value === undefined ? fc.constant(undefined) : value.map((v) => [k, v] as const);
    }),
    (entry) => entry !== undefined,
  ) as fc.Arbitrary<[string, unknown]>;
}

/**
 * Arrays: `prefixItems` then `items` (or `unevaluatedItems` in its place), `minItems`/
 * `maxItems`, `uniqueItems` and `contains` with `minContains`/`maxContains`.
 */
export function arrayArbitrary(
  s: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
): fc.Arbitrary<unknown> {
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  const tailSchema = (s.items ?? s.unevaluatedItems ?? true) as JsonSchema;
  const min = num(s.minItems) ?? 0;
  const deep = depth >= ctx.limits.maxDepth;
  const max = Math.min(
    num(s.maxItems) ?? Number.POSITIVE_INFINITY,
    Math.max(min, deep ? Math.max(min, prefix.length) : prefix.length + ctx.limits.maxItems),
  );
  if (min > max) throw refusal('minItems', path, `minItems ${min} exceeds maxItems ${max}`);
  const head: fc.Arbitrary<unknown>[] = [];
  for (const [i, item] of prefix.entries()) {
    if (i >= max) break;
    // An item that cannot exist ends the array before it, unless the array must be longer.
    const built =
      i < min
        ? ctx.build(item, `${path}/prefixItems/${i}`, depth + 1)
        : tryBuild(ctx, item, `${path}/prefixItems/${i}`, depth + 1);
    if (built === undefined) break;
    head.push(built);
  }
  const open = head.length === prefix.length;
  const tailMin = Math.max(0, min - head.length);
  let tailMax = open ? max - head.length : 0;
  const item = tailMax > 0 ? tryBuild(ctx, tailSchema, `${path}/items`, depth + 1) : undefined;
  if (item === undefined) tailMax = 0;
  if (tailMin > tailMax)
    throw refusal('items', path, `${min} items are required but fewer can exist`);
  const tail =
    s.contains === undefined || item === undefined
      ? plainTail(item, tailMin, tailMax, s.uniqueItems === true)
      : containsTail(s, path, depth, ctx, item, tailMin, tailMax);
  const arb = fc
    .tuple(head.length === 0 ? fc.constant([]) : fc.tuple(...head), tail)
    .map(([h, t]) => [...h, ...t]);
  if (s.uniqueItems !== true) return arb;
  return boundedFilter(arb, (a) => new Set(a.map(canonical)).size === a.length);
}

function plainTail(
  item: fc.Arbitrary<unknown> | undefined,
  min: number,
  max: number,
  unique: boolean,
): fc.Arbitrary<unknown[]> {
  if (item === undefined || max === 0) return fc.constant([]);
  return unique
    ? fc.uniqueArray(item, { minLength: min, maxLength: max, selector: canonical })
    : fc.array(item, { minLength: min, maxLength: max });
}

/** `k` items matching `contains` (within its bounds), the rest not matching it when bounded. */
function containsTail(
  s: Plan,
  path: string,
  depth: number,
  ctx: BuildContext,
  item: fc.Arbitrary<unknown>,
  min: number,
  max: number,
): fc.Arbitrary<unknown[]> {
  const minContains = num(s.minContains) ?? 1;
  const maxContains = Math.min(num(s.maxContains) ?? Number.POSITIVE_INFINITY, max);
  const matching =
    maxContains > 0
      ? tryBuild(ctx, both(s.items ?? true, s.contains), `${path}/contains`, depth + 1)
      : undefined;
  if (matching === undefined) {
    if (minContains > 0) throw refusal('contains', path, 'no item can match `contains`');
    return plainTail(item, min, max, false);
  }
  const check = ctx.check(s.contains);
  const others =
    Number.isFinite(num(s.maxContains) ?? Number.POSITIVE_INFINITY) && check !== undefined
      ? boundedFilter(item, (v) => !check(v))
      : item;
  const lowest = Math.min(minContains, maxContains);
  return fc
    .integer({ min: lowest, max: Math.max(lowest, maxContains) })
    .chain((k) =>
      fc
        .tuple(
          fc.array(matching, { minLength: k, maxLength: k }),
          fc.array(others, { minLength: Math.max(0, min - k), maxLength: Math.max(0, max - k) }),
        )
        .map(([a, b]) => [...a, ...b]),
    );
}
