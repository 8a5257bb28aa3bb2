/**
 * Whether `value` certainly satisfies `schema`, judged without ajv for the plain schemas that
 * config and input defaults almost always sit in (`{ "type": "integer", "minimum": 0 }`).
 * Loading ajv and compiling a schema costs tens of milliseconds on a cold start, which a CLI
 * should not pay to learn that `2` is an integer.
 *
 * Kept beside ajv on a measured reason: `stack-plugin validate` of a plugin whose config
 * schema has defaults (cli/test/fixtures/valid-plugin, Node 24, hyperfine, 30 warm runs) takes
 * 51 ms of user CPU with this check and 93 ms when every default goes to ajv, nearly all of it
 * loading ajv and compiling the default's schema. ajv's standalone precompiled validators,
 * which the manifest check uses, cannot serve here: these schemas are written by plugin
 * authors and unknown until validation.
 *
 * It only ever answers "valid" when ajv (options as in `_ajv-options.ts`) would too: any
 * keyword, value or shape it does not model exactly gives `false`, which means "ask ajv", never
 * "invalid". A property test checks that against ajv itself.
 */

import { compileLinearPattern } from './linear-pattern.js';

/** Keywords that do not change what validates. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPrimitive = (value: unknown): value is null | boolean | number | string =>
  value === null ||
  typeof value === 'boolean' ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value));

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** JSON data only: what a parsed manifest holds (no NaN, no functions, no inherited keys). */
function isPlainJson(value: unknown, depth = 0): value is Json {
  if (isPrimitive(value)) return true;
  if (depth > 32) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(
    ([key, item]) => key !== '__proto__' && isPlainJson(item, depth + 1),
  );
}

function hasType(value: Json, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return false;
  }
}

const codePoints = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** One keyword of `schema` for `value`: true when it certainly holds. */
function keywordHolds(keyword: string, expected: unknown, value: Json, schema: Schema): boolean {
  switch (keyword) {
    case 'type':
      return Array.isArray(expected)
        ? expected.some((type) => hasType(value, type))
        : hasType(value, expected);
    case 'const':
      return isPrimitive(expected) && expected === value;
    case 'enum':
      return (
        Array.isArray(expected) && expected.some((item) => isPrimitive(item) && item === value)
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      if (typeof expected !== 'number' || !Number.isFinite(expected)) return false;
      if (typeof value !== 'number') return true;
      if (keyword === 'minimum') return value >= expected;
      if (keyword === 'maximum') return value <= expected;
      return keyword === 'exclusiveMinimum' ? value > expected : value < expected;
    }
    case 'minLength':
    case 'maxLength':
      if (!isCount(expected)) return false;
      if (typeof value !== 'string') return true;
      return keyword === 'minLength'
        ? codePoints(value) >= expected
        : codePoints(value) <= expected;
    case 'pattern':
      if (typeof expected !== 'string') return false;
      if (typeof value !== 'string') return true;
      try {
        return compileLinearPattern(expected).test(value);
      } catch {
        // Unsupported pattern or a string too long to match: ajv reports it.
        return false;
      }
    case 'minItems':
    case 'maxItems':
      if (!isCount(expected)) return false;
      if (!Array.isArray(value)) return true;
      return keyword === 'minItems' ? value.length >= expected : value.length <= expected;
    case 'uniqueItems':
      if (expected === false) return true;
      if (expected !== true) return false;
      if (!Array.isArray(value)) return true;
      return value.every(isPrimitive) && new Set(value).size === value.length;
    case 'items':
      // Draft 2020-12 `items`: one schema for every item (`prefixItems` is not modelled).
      if (!Array.isArray(value)) return true;
      return value.every((item) => holds(expected, item));
    case 'minProperties':
    case 'maxProperties': {
      if (!isCount(expected)) return false;
      if (!isObject(value)) return true;
      const count = Object.keys(value).length;
      return keyword === 'minProperties' ? count >= expected : count <= expected;
    }
    case 'required':
      if (!Array.isArray(expected)) return false;
      if (!isObject(value)) return true;
      return expected.every((name) => typeof name === 'string' && Object.hasOwn(value, name));
    case 'properties':
      if (!isObject(expected)) return false;
      if (!isObject(value)) return true;
      return Object.entries(expected).every(([name, subschema]) => {
        if (Object.hasOwn(value, name)) return holds(subschema, value[name] as Json);
        // ajv reads `data[name]`, which finds inherited members such as "toString".
        return !(name in value);
      });
    case 'additionalProperties': {
      if (!isObject(value)) return true;
      const declared = isObject(schema.properties) ? schema.properties : {};
      return Object.keys(value)
        .filter((name) => !Object.hasOwn(declared, name))
        .every((name) => expected !== false && holds(expected, value[name] as Json));
    }
    default:
      return ANNOTATIONS.has(keyword);
  }
}

const SUBSCHEMA_KEYWORDS = new Set(['items', 'additionalProperties']);
const MODELLED = new Set([
  ...ANNOTATIONS,
  ...SUBSCHEMA_KEYWORDS,
  'type',
  'const',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
]);

/**
 * Whether every keyword of `schema` and of its subschemas is modelled here, including those
 * the value never reaches: ajv compiles them all, and a schema it cannot compile must still go
 * to ajv so that the problem is reported.
 */
function isSimpleSchema(schema: unknown, depth = 0): boolean {
  if (schema === true) return true;
  if (!isObject(schema) || depth > 32) return false;
  for (const [keyword, expected] of Object.entries(schema)) {
    if (!MODELLED.has(keyword)) return false;
    if (keyword === 'enum' && (!Array.isArray(expected) || expected.length === 0)) return false;
    if (SUBSCHEMA_KEYWORDS.has(keyword) && expected !== false) {
      if (!isSimpleSchema(expected, depth + 1)) return false;
    }
    if (keyword === 'properties') {
      if (!isObject(expected)) return false;
      for (const [name, subschema] of Object.entries(expected)) {
        if (name === '__proto__' || !isSimpleSchema(subschema, depth + 1)) return false;
      }
    }
  }
  return true;
}

function holds(schema: unknown, value: Json): boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  for (const [keyword, expected] of Object.entries(schema)) {
    if (!keywordHolds(keyword, expected, value, schema)) return false;
  }
  return true;
}

/**
 * True when `value` certainly satisfies `schema`; false when it does not or when only ajv can
 * tell.
 */
export function acceptsSimply(schema: unknown, value: unknown): boolean {
  return isPlainJson(value) && isSimpleSchema(schema) && holds(schema, value);
}
