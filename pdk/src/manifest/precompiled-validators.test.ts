import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class, ErrorObject, Options } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateValidatorModules, withoutDialectRefs } from '../../scripts/validator-modules.ts';
import { acceptsSimply } from './_accepts-simply.js';
import { getPluginSchemaAjv, metaSchemaErrors } from './_ajv.js';
import { DRAFT_2020_12, MANIFEST_AJV_OPTIONS, PLUGIN_SCHEMA_AJV_OPTIONS } from './_ajv-options.js';
import { draft202012Validator, manifestValidator } from './_precompiled-validators.js';
import { KNOWN_KEYWORDS } from './_schema-keywords.js';
import { manifestJsonSchema } from './manifest-json-schema.js';

const require = createRequire(import.meta.url);
const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
const addFormats = (require('ajv-formats') as { default: (ajv: Ajv2020Class) => unknown }).default;
const packageRoot = new URL('../../', import.meta.url);

/** A plain ajv, compiling at run time: what the precompiled code must stand in for. */
function runtimeAjv(options: Options): Ajv2020Class {
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

const referenceAjv = runtimeAjv(PLUGIN_SCHEMA_AJV_OPTIONS);

function referenceMetaErrors(schema: unknown): ErrorObject[] | string {
  try {
    return referenceAjv.validateSchema(schema as object) ? [] : (referenceAjv.errors ?? []);
  } catch (error) {
    return (error as Error).message;
  }
}

function precompiledMetaErrors(schema: unknown): ErrorObject[] | string {
  try {
    return metaSchemaErrors(schema as object);
  } catch (error) {
    return (error as Error).message;
  }
}

/** JSON Schema-like objects: known keywords with arbitrary values or nested schemas. */
const schemaLike = fc.letrec((tie) => ({
  schema: fc.dictionary(
    fc.oneof(fc.constantFrom(...KNOWN_KEYWORDS), fc.string({ maxLength: 6 })),
    fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      { weight: 2, arbitrary: tie('schema') },
      { weight: 1, arbitrary: fc.array(tie('schema'), { maxLength: 3 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('string', 'integer', ['string', 'null'], '^a+$', '#', 'uri'),
      },
    ),
    { maxKeys: 4 },
  ),
})).schema;

describe('generated validator modules', () => {
  it('are what scripts/validator-modules.ts generates (run `npm run schema -w @stack-plugin/pdk`)', () => {
    const hostConfigSchema = JSON.parse(
      readFileSync(new URL('schema/stack-config.schema.json', packageRoot), 'utf8'),
    ) as Record<string, unknown>;
    for (const { path, text } of generateValidatorModules(manifestJsonSchema, hostConfigSchema)) {
      expect(readFileSync(new URL(path, packageRoot), 'utf8'), path).toBe(text);
    }
  });

  it('report the manifest errors ajv reports when compiling at run time', () => {
    const reference = runtimeAjv(MANIFEST_AJV_OPTIONS).compile(
      withoutDialectRefs(manifestJsonSchema) as object,
    );
    const validate = manifestValidator();
    const manifests = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          category: fc.oneof(fc.constantFrom('micro', 'ui'), fc.jsonValue({ maxDepth: 1 })),
          host: fc.oneof(fc.constant('^1.0.0'), fc.jsonValue({ maxDepth: 1 })),
          permissions: fc.array(fc.oneof(fc.string(), fc.integer())),
          contributes: fc.dictionary(
            fc.constantFrom('commands', 'steps', 'events', 'other'),
            fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), input: schemaLike })),
          ),
          limits: fc.dictionary(fc.constantFrom('timeoutMs', 'memoryMb', 'cpu'), fc.integer()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(manifests, (manifest) => {
        expect(validate(manifest)).toBe(reference(manifest));
        expect(validate.errors).toEqual(reference.errors);
      }),
      { numRuns: 300 },
    );
  });

  it('check schemas against the draft 2020-12 meta-schema exactly as ajv does', () => {
    const fixed: unknown[] = [
      { type: 'object', properties: { a: { type: 'string', default: 1 } } },
      { type: 'foo' },
      { $defs: { x: { $anchor: '1bad' } } },
      { required: ['a', 'a'] },
      { $schema: DRAFT_2020_12, minimum: 'x', items: [1] },
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
      { $schema: 12 },
    ];
    for (const schema of fixed) {
      expect(precompiledMetaErrors(schema)).toEqual(referenceMetaErrors(schema));
    }
    fc.assert(
      fc.property(schemaLike, (schema) => {
        expect(precompiledMetaErrors(schema)).toEqual(referenceMetaErrors(schema));
      }),
      { numRuns: 500 },
    );
  });

  it('let the run-time instance compile through the precompiled meta-schema, failing alike', () => {
    const ajv = getPluginSchemaAjv();
    expect(ajv.compile({ type: 'integer', minimum: 0 })(2)).toBe(true);
    expect(() => ajv.compile({ type: 'wrong' })).toThrow(
      'schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf',
    );
    expect(() => runtimeAjv(PLUGIN_SCHEMA_AJV_OPTIONS).compile({ type: 'wrong' })).toThrow(
      'schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf',
    );
    expect(draft202012Validator()({ type: 'wrong' })).toBe(false);
  });
});

describe('acceptsSimply (the default check that avoids loading ajv)', () => {
  it('accepts the defaults of plain config schemas', () => {
    expect(acceptsSimply({ type: 'integer', minimum: 0, default: 2 }, 2)).toBe(true);
    expect(acceptsSimply({ type: 'string', description: 'Greeting' }, 'Hello')).toBe(true);
    expect(
      acceptsSimply(
        {
          type: 'object',
          properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
          required: ['tags'],
          additionalProperties: false,
        },
        { tags: ['a', 'b'] },
      ),
    ).toBe(true);
    expect(acceptsSimply({ enum: ['a', 'b'] }, 'b')).toBe(true);
  });

  it('defers to ajv for anything it does not model or that fails', () => {
    expect(acceptsSimply({ type: 'integer', minimum: 0 }, -1)).toBe(false);
    expect(acceptsSimply({ type: 'string', format: 'email' }, 'a@example.com')).toBe(false);
    expect(acceptsSimply({ $ref: '#/$defs/x' }, 1)).toBe(false);
    // Never reached by the value, but ajv cannot compile it, which must still be reported.
    expect(acceptsSimply({ properties: { a: { enum: [] } } }, {})).toBe(false);
    // ajv reads inherited members such as "toString" as present.
    expect(acceptsSimply({ properties: { toString: { type: 'string' } } }, {})).toBe(false);
    expect(acceptsSimply({ type: 'number' }, Number.NaN)).toBe(false);
  });

  it('never accepts what ajv rejects', () => {
    const primitive = fc.oneof(
      fc.integer({ min: -3, max: 5 }),
      fc.constantFrom('', 'a', 'ab', 'abc', '\u{1F600}', 'toString', 1.5, true, null),
    );
    const count = fc.nat(4);
    const simpleSchema = fc.letrec((tie) => {
      const keywords: Record<string, fc.Arbitrary<unknown>> = {
        type: fc.constantFrom('string', 'integer', 'number', 'object', 'array', 'null', [
          'integer',
          'string',
        ]),
        const: primitive,
        enum: fc.array(primitive, { maxLength: 3 }),
        minimum: primitive,
        maximum: primitive,
        exclusiveMinimum: primitive,
        exclusiveMaximum: primitive,
        minLength: count,
        maxLength: count,
        pattern: fc.constantFrom('^a', 'b$', '^[a-c]*$', '.'),
        minItems: count,
        maxItems: count,
        uniqueItems: fc.boolean(),
        minProperties: count,
        maxProperties: count,
        required: fc.uniqueArray(fc.constantFrom('a', 'b', 'toString')),
        properties: fc.dictionary(fc.constantFrom('a', 'b', 'toString'), tie('schema'), {
          maxKeys: 2,
        }),
        items: tie('schema'),
        additionalProperties: fc.oneof(fc.boolean(), tie('schema')),
        title: fc.string(),
      };
      return {
        schema: fc
          .uniqueArray(fc.constantFrom(...Object.keys(keywords)), { minLength: 1, maxLength: 3 })
          .chain((names) =>
            fc.record(Object.fromEntries(names.map((name) => [name, keywords[name]!]))),
          ),
      };
    }).schema;
    const values = fc.oneof(
      primitive,
      fc.array(primitive, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), primitive, { maxKeys: 3 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const ajv = runtimeAjv(PLUGIN_SCHEMA_AJV_OPTIONS);
    let accepted = 0;
    fc.assert(
      fc.property(simpleSchema, values, (schema, value) => {
        // As in checkEmbeddedSchema: defaults are checked only in schemas that pass the meta-schema.
        if (!referenceAjv.validateSchema(schema) || !acceptsSimply(schema, value)) return;
        accepted++;
        let valid: boolean;
        try {
          valid = ajv.compile(schema)(value) as boolean;
        } catch (error) {
          throw new Error(`acceptsSimply accepted a schema ajv cannot compile: ${error}`);
        }
        expect(valid, JSON.stringify({ schema, value })).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: plenty of pairs took the fast path.
    expect(accepted).toBeGreaterThan(300);
  });
});
