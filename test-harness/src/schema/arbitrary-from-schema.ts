import fc from 'fast-check';

/** A JSON Schema (draft 2020-12 subset), as found in manifests. */
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

type Schema = { readonly [keyword: string]: unknown };

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
  url: () => fc.webUrl(),
  'uri-reference': () => fc.webUrl(),
  uuid: () => fc.uuid(),
  'date-time': () =>
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  date: () =>
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  hostname: () => fc.domain(),
};

/**
 * A fast-check arbitrary producing values valid against a JSON Schema: `type` (and type
 * lists), `const`, `enum`, `properties`/`required`/`additionalProperties`, `items`,
 * `prefixItems`, `minItems`/`maxItems`/`uniqueItems`, string lengths, `pattern` and common
 * `format`s, numeric bounds (exclusive too) and `multipleOf`, `anyOf`/`oneOf`, `allOf` of
 * object and numeric constraints, and local `$ref`s (`#/$defs/...`, `#/definitions/...`).
 * A schema without `type` gets its type from its keywords, else any JSON value.
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
  const root = typeof schema === 'object' ? schema : {};
  const limits = {
    maxDepth: options.maxDepth ?? 4,
    maxItems: options.maxItems ?? 5,
    maxLength: options.maxLength ?? 40,
  };

  const resolveRef = (ref: string): JsonSchema => {
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported, got "${ref}"`);
    let node: unknown = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
    if (node === undefined) throw new Error(`$ref "${ref}" does not resolve`);
    return node as JsonSchema;
  };

  const build = (input: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    if (input === true) return anyJson(depth, limits.maxDepth);
    if (input === false) throw new Error('the schema `false` accepts no value');
    let s: Schema = input;
    if (typeof s.$ref === 'string') {
      const { $ref, ...rest } = s;
      s = { ...(resolveRef($ref as string) as Schema), ...rest };
      if (depth > limits.maxDepth * 2) throw new Error('$ref recursion too deep to generate');
    }
    if (Array.isArray(s.allOf)) s = mergeAll(s, s.allOf as JsonSchema[], resolveRef);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) {
      const { anyOf: _a, oneOf: _o, ...base } = s;
      return fc.oneof(
        ...alternatives.map((alt) => build(mergeAll(base, [alt], resolveRef), depth)),
      );
    }
    const types = typeList(s);
    if (types.length === 0) return anyJson(depth, limits.maxDepth);
    return fc.oneof(...types.map((type) => byType(type, s, depth)));
  };

  const byType = (type: string, s: Schema, depth: number): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
      case 'number':
        return numberArbitrary(s, type === 'integer');
      case 'string':
        return stringArbitrary(s, limits.maxLength);
      case 'array': {
        const min = num(s.minItems) ?? 0;
        const deep = depth >= limits.maxDepth;
        const max = Math.max(
          min,
          Math.min(num(s.maxItems) ?? limits.maxItems, deep ? min : limits.maxItems),
        );
        const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
        const rest: JsonSchema = (s.items as JsonSchema | undefined) ?? true;
        if (prefix.length > 0) {
          const head = fc.tuple(...prefix.map((p) => build(p, depth + 1)));
          if (rest === false) return head;
          const tailMax = Math.max(0, max - prefix.length);
          return fc
            .tuple(
              head,
              fc.array(build(rest, depth + 1), {
                minLength: Math.max(0, min - prefix.length),
                maxLength: tailMax,
              }),
            )
            .map(([h, t]) => [...h, ...t]);
        }
        const item = build(rest, depth + 1);
        return s.uniqueItems === true
          ? fc.uniqueArray(item, {
              minLength: min,
              maxLength: max,
              selector: (v) => JSON.stringify(v),
            })
          : fc.array(item, { minLength: min, maxLength: max });
      }
      default: {
        const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
        const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
        const deep = depth >= limits.maxDepth;
        const keys = Object.keys(properties).filter((k) => required.has(k) || !deep);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const key of keys) model[key] = build(properties[key] ?? true, depth + 1);
        // Required keys without a property schema still have to be present.
        for (const key of required) model[key] ??= anyJson(depth + 1, limits.maxDepth);
        return fc.record(model, { requiredKeys: [...required] });
      }
    }
  };

  return build(schema, 0);
}

function typeList(s: Schema): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if ('properties' in s || 'required' in s || 'additionalProperties' in s) return ['object'];
  if ('items' in s || 'prefixItems' in s || 'minItems' in s) return ['array'];
  if ('minLength' in s || 'maxLength' in s || 'pattern' in s || 'format' in s) return ['string'];
  if ('minimum' in s || 'maximum' in s || 'multipleOf' in s) return ['number'];
  return [];
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = num(s.exclusiveMinimum);
  const exclusiveMax = num(s.exclusiveMaximum);
  let min = num(s.minimum);
  let max = num(s.maximum);
  if (exclusiveMin !== undefined)
    min = Math.max(min ?? -Infinity, integer ? Math.floor(exclusiveMin) + 1 : exclusiveMin);
  if (exclusiveMax !== undefined)
    max = Math.min(max ?? Infinity, integer ? Math.ceil(exclusiveMax) - 1 : exclusiveMax);
  const multipleOf = num(s.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) {
    const lo = Math.ceil((min ?? -1e6) / multipleOf);
    const hi = Math.floor((max ?? 1e6) / multipleOf);
    return fc.integer({ min: lo, max: Math.max(lo, hi) }).map((k) => k * multipleOf);
  }
  if (integer) {
    return fc.integer({
      min: Math.max(Math.ceil(min ?? Number.MIN_SAFE_INTEGER), Number.MIN_SAFE_INTEGER),
      max: Math.min(Math.floor(max ?? Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER),
    });
  }
  const double = fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  });
  return double.filter(
    (n) =>
      Number.isFinite(n) &&
      !Object.is(n, -0) &&
      (exclusiveMin === undefined || n > exclusiveMin) &&
      (exclusiveMax === undefined || n < exclusiveMax),
  );
}

function stringArbitrary(s: Schema, defaultMax: number): fc.Arbitrary<string> {
  const minLength = num(s.minLength) ?? 0;
  const maxLength = Math.max(minLength, num(s.maxLength) ?? Math.max(defaultMax, minLength));
  const length = (v: string) => [...v].length >= minLength && [...v].length <= maxLength;
  if (typeof s.format === 'string' && FORMATS[s.format] !== undefined) {
    return (FORMATS[s.format] as () => fc.Arbitrary<string>)().filter(length);
  }
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern, 'u')).filter(length);
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme-composite' }).filter(length);
}

function anyJson(depth: number, maxDepth: number): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: Math.max(0, maxDepth - depth) });
}

/** Folds `allOf` members into one schema: object keywords unioned, numeric bounds tightened. */
function mergeAll(
  base: Schema,
  parts: readonly JsonSchema[],
  resolveRef: (ref: string) => JsonSchema,
): Schema {
  let merged: Record<string, unknown> = { ...base };
  delete merged.allOf;
  for (const raw of parts) {
    if (typeof raw !== 'object') continue;
    const part =
      typeof raw.$ref === 'string'
        ? { ...(resolveRef(raw.$ref) as Schema), ...raw, $ref: undefined }
        : raw;
    const next: Record<string, unknown> = { ...merged, ...part };
    delete next.$ref;
    if (merged.properties !== undefined || part.properties !== undefined) {
      next.properties = { ...(merged.properties as object), ...(part.properties as object) };
    }
    if (Array.isArray(merged.required) || Array.isArray(part.required)) {
      next.required = [
        ...new Set([
          ...((merged.required as string[]) ?? []),
          ...((part.required as string[]) ?? []),
        ]),
      ];
    }
    for (const key of ['minimum', 'minLength', 'minItems', 'exclusiveMinimum'] as const) {
      const values = [merged[key], part[key]].filter((v): v is number => typeof v === 'number');
      if (values.length > 0) next[key] = Math.max(...values);
    }
    for (const key of ['maximum', 'maxLength', 'maxItems', 'exclusiveMaximum'] as const) {
      const values = [merged[key], part[key]].filter((v): v is number => typeof v === 'number');
      if (values.length > 0) next[key] = Math.min(...values);
    }
    merged = next;
  }
  return merged;
}
