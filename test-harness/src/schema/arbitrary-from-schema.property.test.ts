import { isStackPluginError } from '@stack-plugin/pdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFromSchema, type JsonSchema } from './arbitrary-from-schema.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats(ajv);

const key = fc.constantFrom('a', 'b', 'c', 'd');

/** Random schemas built only from the keywords the generator supports. */
const schemas = fc.letrec<{ schema: JsonSchema }>((tie) => {
  const sub = tie('schema');
  const leaf = fc.oneof(
    fc.boolean(),
    fc.record({ type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'null') }),
    fc.record({
      type: fc.constant('integer'),
      minimum: fc.integer({ min: -5, max: 5 }),
      multipleOf: fc.constantFrom(1, 2, 3),
    }),
    fc.record({
      type: fc.constant('string'),
      minLength: fc.nat(3),
      pattern: fc.constantFrom('^[a-c]*$', 'x'),
    }),
    fc.record({
      format: fc.constantFrom('date', 'time', 'duration', 'json-pointer', 'uri-template', 'ipv4'),
    }),
    fc.record({
      enum: fc.uniqueArray(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ const: fc.jsonValue({ maxDepth: 1 }) }),
  );
  const node = fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(key, sub, { maxKeys: 3 }),
        required: fc.uniqueArray(key, { maxLength: 2 }),
        additionalProperties: sub,
        patternProperties: fc.dictionary(fc.constantFrom('^x', 'b$'), sub, { maxKeys: 1 }),
        propertyNames: fc.record({ maxLength: fc.integer({ min: 1, max: 3 }) }),
        dependentRequired: fc.dictionary(key, fc.uniqueArray(key, { maxLength: 2 }), {
          maxKeys: 2,
        }),
        dependentSchemas: fc.dictionary(key, sub, { maxKeys: 1 }),
        unevaluatedProperties: fc.boolean(),
        minProperties: fc.nat(2),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        prefixItems: fc.array(sub, { maxLength: 2 }),
        items: sub,
        contains: sub,
        minContains: fc.nat(2),
        maxContains: fc.integer({ min: 1, max: 3 }),
        uniqueItems: fc.boolean(),
        unevaluatedItems: fc.boolean(),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({ allOf: fc.array(sub, { minLength: 1, maxLength: 2 }) }),
    fc.record({ anyOf: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: sub }),
    // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here.
    fc.record({ if: sub, then: sub, else: sub }, { requiredKeys: ['if'] }),
  );
  return { schema: node as fc.Arbitrary<JsonSchema> };
}).schema;

describe('arbitraryFromSchema on random schemas', () => {
  it('yields only values the schema accepts, or refuses with a coded error', {
    timeout: 60_000,
  }, () => {
    let generated = 0;
    fc.assert(
      fc.property(schemas, (schema) => {
        let values: unknown[];
        try {
          values = fc.sample(arbitraryFromSchema(schema), { numRuns: 8, seed: 1 });
        } catch (error) {
          expect(isStackPluginError(error) && error.code).toBe('TEST_SCHEMA_NOT_GENERATABLE');
          return;
        }
        generated += 1;
        const validate = ajv.compile(schema as object);
        for (const value of values) expect(validate(value), JSON.stringify(value)).toBe(true);
        if (typeof schema === 'object') ajv.removeSchema(schema);
      }),
      { numRuns: 70, seed: 19 },
    );
    // Most random schemas are satisfiable: a generator refusing them all would pass vacuously.
    expect(generated).toBeGreaterThan(35);
  });
});
