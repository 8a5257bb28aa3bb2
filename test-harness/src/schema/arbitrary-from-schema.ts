import { SchemaValidator } from '@stack-plugin/host/internal';
import { isStackPluginError } from '@stack-plugin/pdk';
import fc from 'fast-check';
import { BoundedFilterArbitrary } from './_bounded-filter.js';
import { type BuildContext, type Limits, refusal } from './_build-context.js';
import { isPlainObject } from './_schema-algebra.js';
import { build } from './_schema-builder.js';
import { createRefResolver } from './_schema-refs.js';

/** A JSON Schema (draft 2020-12), as found in manifests. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Options of {@link arbitraryFromSchema}. */
export interface ArbitraryOptions {
  /** Nesting depth after which optional parts are left out (default 4). */
  readonly maxDepth?: number;
  /** Longest generated array when the schema sets no `maxItems` (default 5). */
  readonly maxItems?: number;
  /** Longest generated string when the schema sets no `maxLength` (default 40). */
  readonly maxLength?: number;
}

/** Values generated to learn whether (and where) a schema's values fail the validator. */
const PROBE_RUNS = 60;
/** Validated values kept to stand in when a run's retries all fail. */
const POOL_SIZE = 12;
/** Candidates tried per value before a pooled one stands in. */
const RETRIES = 40;

/**
 * A fast-check arbitrary producing only values the host's validator accepts for a JSON Schema
 * (draft 2020-12). Values are built from the schema's keywords: types, `const`/`enum`, numeric
 * and length bounds, `multipleOf`, `pattern`, every format the host checks, objects
 * (`properties`, `required`, `patternProperties`, `additionalProperties`, `propertyNames`,
 * `unevaluatedProperties`, property counts), arrays (`prefixItems`/`items`, `contains` with
 * its bounds, `uniqueItems`, `unevaluatedItems`), the applicators (`allOf` merged; `anyOf`,
 * `oneOf`, `if`/`then`/`else`, `dependentRequired` and `dependentSchemas` as alternatives;
 * `not`), boolean subschemas and `$ref`/`$dynamicRef` inside the schema. Each value is then
 * checked by the validator the host compiles for the schema; what exact construction misses is
 * filtered with bounded retries.
 *
 * @throws `TEST_SCHEMA_NOT_GENERATABLE` (naming the keyword and its schema path) when the
 * schema accepts nothing or no generated value passed the validator, and when the host
 * cannot compile the schema (then with the host's error as `cause`).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { arbitraryFromSchema, mountPlugin } from '@stack-plugin/test-harness';
 * import fc from 'fast-check';
 * import { it } from 'vitest';
 *
 * const manifest = JSON.parse(readFileSync('stack-plugin.json', 'utf8'));
 * const create = manifest.contributes.commands.find((c: { id: string }) => c.id === 'notes.create');
 *
 * it('accepts every input its schema allows', async () => {
 *   const plugin = await mountPlugin(process.cwd());
 *   await fc.assert(
 *     fc.asyncProperty(arbitraryFromSchema(create.input), async (input) => {
 *       await plugin.execute('notes.create', input); // must not throw
 *     }),
 *     { numRuns: 50 },
 *   );
 * });
 * ```
 */
export function arbitraryFromSchema(
  schema: JsonSchema,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const limits: Limits = {
    maxDepth: options.maxDepth ?? 4,
    maxItems: options.maxItems ?? 5,
    maxLength: options.maxLength ?? 40,
  };
  if (schema === false) throw refusal('false', '#', 'the schema `false` accepts no value');
  if (schema === true) return fc.jsonValue({ maxDepth: limits.maxDepth });
  const validator = new SchemaValidator();
  const rootErrors = (value: unknown) => {
    try {
      return validator.errors(schema, value);
    } catch (error) {
      throw createCompileRefusal(error);
    }
  };
  rootErrors(null);
  const ctx: BuildContext = {
    limits,
    resolveRef: createRefResolver(schema),
    check: createLocalChecks(schema, validator),
    build: (s, path, depth) => build(s, path, depth, ctx),
    alternatives: 400,
  };
  const candidates = ctx.build(schema, '#', 0);
  const pool: unknown[] = [];
  const failures = new Map<string, { keyword: string; schemaPath: string; count: number }>();
  let sampled: unknown[];
  try {
    sampled = fc.sample(candidates, { numRuns: PROBE_RUNS, seed: 0x5eed });
  } catch (error) {
    if (isStackPluginError(error)) throw error;
    throw refusal('(generation)', '#', `generating failed: ${String(error)}`);
  }
  for (const value of sampled) {
    const errors = rootErrors(value);
    if (errors === undefined) {
      if (pool.length < POOL_SIZE) pool.push(value);
      continue;
    }
    // The deepest failing keyword is the most specific cause.
    const worst = [...errors].sort((a, b) => b.schemaPath.length - a.schemaPath.length)[0];
    if (worst === undefined) continue;
    const key = `${worst.keyword} ${worst.schemaPath}`;
    const entry = failures.get(key) ?? {
      keyword: worst.keyword,
      schemaPath: worst.schemaPath,
      count: 0,
    };
    entry.count += 1;
    failures.set(key, entry);
  }
  if (pool.length === 0) {
    const top = [...failures.values()].sort((a, b) => b.count - a.count)[0];
    throw refusal(
      top?.keyword ?? '(unknown)',
      top?.schemaPath ?? '#',
      `none of ${PROBE_RUNS} generated values passed the validator${top === undefined ? '' : ` (${top.count} failed "${top.keyword}")`}`,
    );
  }
  return new BoundedFilterArbitrary(candidates, (v) => rootErrors(v) === undefined, RETRIES, pool);
}

function createCompileRefusal(error: unknown): Error {
  const detail = error instanceof Error ? error.message : String(error);
  // ajv names the reference it could not resolve; anything else is the schema as a whole.
  const keyword = /resolve ref/i.test(detail) ? '$ref' : '$schema';
  const wrapped = refusal(keyword, '#', `the host cannot compile it: ${detail}`);
  return Object.assign(wrapped, { cause: error });
}

const REF = /"\$(?:dynamicRef|ref)":"([^"]*)"/g;

/**
 * Checks of fragments of `root` by the host's validator, so that generation can filter where
 * a keyword is not constructed exactly. A fragment stands alone when its references point
 * into the root's `$defs` (which travel with it); other fragments get no local check.
 */
function createLocalChecks(
  root: { readonly [keyword: string]: unknown },
  validator: SchemaValidator,
): BuildContext['check'] {
  const cache = new WeakMap<object, ((value: unknown) => boolean) | undefined>();
  return (fragment) => {
    if (fragment === true) return () => true;
    if (fragment === false) return () => false;
    if (!isPlainObject(fragment)) return undefined;
    if (cache.has(fragment)) return cache.get(fragment);
    let compiled: object | undefined = fragment;
    const refs = [...JSON.stringify(fragment).matchAll(REF)].map((m) => m[1] ?? '');
    if (refs.length > 0) {
      const local = refs.every((r) => /^#\/(?:\$defs|definitions)\//.test(r));
      compiled =
        local && !('$defs' in fragment) && !('definitions' in fragment) && !('$id' in fragment)
          ? { ...fragment, $defs: root.$defs, definitions: root.definitions }
          : undefined;
    }
    let check: ((value: unknown) => boolean) | undefined;
    if (compiled !== undefined) {
      const target = compiled;
      try {
        validator.errors(target, null);
        check = (value) => validator.errors(target, value) === undefined;
      } catch {
        check = undefined;
      }
    }
    cache.set(fragment, check);
    return check;
  };
}
