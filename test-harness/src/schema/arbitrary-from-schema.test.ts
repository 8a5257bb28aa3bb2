import type { StackPluginError } from '@stack-plugin/pdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFromSchema, type JsonSchema } from './arbitrary-from-schema.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);

const schemas: Record<string, JsonSchema> = {
  'object with required and bounded fields': {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 10 },
      age: { type: 'integer', minimum: 0, maximum: 150 },
      score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      tags: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z]{2,4}$' },
        uniqueItems: true,
        maxItems: 3,
      },
    },
    required: ['name', 'age'],
    additionalProperties: false,
  },
  'enums, consts, nullables and type lists': {
    type: 'object',
    properties: {
      mode: { enum: ['fast', 'slow'] },
      version: { const: 2 },
      note: { type: ['string', 'null'] },
    },
    required: ['mode', 'version', 'note'],
  },
  formats: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      when: { type: 'string', format: 'date-time' },
      id: { type: 'string', format: 'uuid' },
      site: { type: 'string', format: 'uri' },
      ip: { type: 'string', format: 'ipv4' },
    },
    required: ['email', 'when', 'id', 'site', 'ip'],
  },
  'anyOf, oneOf, allOf and multipleOf': {
    type: 'object',
    properties: {
      either: { anyOf: [{ type: 'integer', multipleOf: 5 }, { type: 'boolean' }] },
      one: {
        oneOf: [
          { type: 'string', maxLength: 0 },
          { type: 'integer', minimum: 1 },
        ],
      },
      both: { allOf: [{ type: 'number', minimum: 10 }, { maximum: 20 }] },
    },
    required: ['either', 'one', 'both'],
  },
  'refs, prefixItems and untyped keywords': {
    $defs: {
      point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
    },
    type: 'object',
    properties: {
      at: { $ref: '#/$defs/point' },
      free: {},
      inferred: { minLength: 3, maxLength: 3 },
    },
    required: ['at', 'free', 'inferred'],
  },
};

describe('arbitraryFromSchema', () => {
  it.each(Object.entries(schemas))('generates only valid values: %s', (_name, schema) => {
    const validate = ajv.compile(schema as object);
    fc.assert(
      fc.property(arbitraryFromSchema(schema), (value) => {
        expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 80, seed: 42 },
    );
  });

  it('covers the alternatives of an enum and a union', () => {
    const values = fc.sample(arbitraryFromSchema({ enum: ['a', 'b', 'c'] }), {
      numRuns: 200,
      seed: 1,
    });
    expect(new Set(values)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('refuses schemas it cannot satisfy or resolve, naming the keyword and where', () => {
    const refusalOf = (schema: JsonSchema) => {
      try {
        arbitraryFromSchema(schema);
      } catch (error) {
        const { code, message } = error as StackPluginError;
        return { code, message };
      }
      return undefined;
    };
    expect(refusalOf(false)).toEqual({
      code: 'TEST_SCHEMA_NOT_GENERATABLE',
      message:
        'No value could be generated for the JSON Schema at #: the schema `false` accepts no value (keyword "false").',
    });
    expect(refusalOf({ type: 'object', properties: { a: { not: {} } }, required: ['a'] })).toEqual({
      code: 'TEST_SCHEMA_NOT_GENERATABLE',
      message:
        'No value could be generated for the JSON Schema at #/properties/a: its keywords contradict each other (keyword "not").',
    });
    expect(
      refusalOf({ type: 'array', contains: { type: 'string' }, items: { type: 'integer' } }),
    ).toMatchObject({ code: 'TEST_SCHEMA_NOT_GENERATABLE' });
    const missing = refusalOf({ $ref: '#/$defs/missing' });
    expect(missing?.code).toBe('TEST_SCHEMA_NOT_GENERATABLE');
    expect(missing?.message).toMatch(/the host cannot compile it: .*\(keyword "\$ref"\)\.$/);
  });

  it('filters what it cannot construct exactly: a value never passes a failing `not`', () => {
    const schema = { type: 'string', maxLength: 2, not: { pattern: '^a' } };
    const validate = ajv.compile(schema);
    for (const value of fc.sample(arbitraryFromSchema(schema), { numRuns: 300, seed: 3 }))
      expect(validate(value)).toBe(true);
  });
});
