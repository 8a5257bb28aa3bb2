import { describe, expect, test } from 'vitest';
import { permissionsPage } from './manifest-pages.js';
import { schemaRows, schemaTypeName } from './schema-markdown.js';

describe('schemaRows', () => {
  test('flattens nested objects and arrays, following local $refs', () => {
    const schema = {
      type: 'object',
      required: ['target'],
      $defs: {
        target: {
          type: 'object',
          required: ['url'],
          properties: { url: { type: 'string', format: 'uri' } },
        },
      },
      properties: {
        target: { $ref: '#/$defs/target' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
        mode: { oneOf: [{ const: 'fast' }, { const: 'safe' }], default: 'safe' },
      },
    };
    expect(schemaRows(schema)).toEqual([
      { path: 'target', type: 'object', required: true, description: '', constraints: [] },
      {
        path: 'target.url',
        type: 'string',
        required: true,
        description: '',
        constraints: ['format `uri`'],
      },
      {
        path: 'tags',
        type: 'string[]',
        required: false,
        description: '',
        constraints: ['max items 5'],
      },
      {
        path: 'mode',
        type: '"fast" | "safe"',
        required: false,
        default: '"safe"',
        description: '',
        constraints: [],
      },
    ]);
  });

  test('a non-object schema is one row for the value itself', () => {
    expect(schemaRows({ type: 'string', enum: ['a', 'b'] })).toEqual([
      { path: '', type: '"a" | "b"', required: true, description: '', constraints: [] },
    ]);
    expect(schemaTypeName({ type: 'array', items: { type: ['string', 'null'] } })).toBe(
      '(string | null)[]',
    );
  });
});

describe('schema tables show composition and conditional keywords', () => {
  test('a root with rules of its own gets a row, allOf members add their properties', () => {
    const schema = {
      type: 'object',
      properties: { country: { enum: ['US', 'CA'] } },
      allOf: [{ properties: { zip: { type: 'string' } }, required: ['zip'] }],
      if: { properties: { country: { const: 'US' } } },
      // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here.
      then: { properties: { zip: { pattern: '^[0-9]{5}$' } } },
      else: { properties: { zip: { pattern: '^[A-Z][0-9][A-Z]' } } },
      dependentRequired: { zip: ['country'] },
    };
    expect(schemaRows(schema)).toEqual([
      {
        path: '',
        type: 'object',
        required: true,
        description: '',
        constraints: [
          'all of: `{"properties":{"zip":{"type":"string"}},"required":["zip"]}`',
          'if `{"properties":{"country":{"const":"US"}}}` then `{"properties":{"zip":{"pattern":"^[0-9]{5}$"}}}` else `{"properties":{"zip":{"pattern":"^[A-Z][0-9][A-Z]"}}}`',
          'with `zip`, also requires `country`',
        ],
      },
      { path: 'country', type: '"US" | "CA"', required: false, description: '', constraints: [] },
      { path: 'zip', type: 'string', required: true, description: '', constraints: [] },
    ]);
  });

  test('not, rule-only alternatives, contains and dependent schemas are spelled out', () => {
    const [row] = schemaRows({
      type: 'array',
      items: { type: 'integer' },
      not: { maxItems: 0 },
      oneOf: [{ minItems: 2 }, { contains: { const: 0 } }],
      contains: { minimum: 10 },
      maxContains: 2,
    });
    expect(row?.constraints).toEqual([
      'exactly one of: `{"minItems":2}`; `{"contains":{"const":0}}`',
      'not `{"maxItems":0}`',
      'at least 1 and at most 2 items matching `{"minimum":10}`',
    ]);
    expect(row?.type).toBe('integer[]');
    expect(schemaTypeName({ allOf: [{ type: 'string' }, { minLength: 1 }] })).toBe('string');
    expect(schemaTypeName({ anyOf: [{ type: 'string' }, false] })).toBe('string | never');
  });
});

describe('permissionsPage', () => {
  test('says so when a plugin asks for nothing', () => {
    expect(permissionsPage([]).markdown).toBe(
      '# Permissions\n\nThis plugin asks for no permissions: it cannot touch files, network, environment, secrets, programs, events or state.',
    );
  });

  test('lists the riskiest permissions first and calls out broad ones', () => {
    const page = permissionsPage(['state', 'fs:write:**']).markdown;
    expect(page.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('- '))).toEqual([
      '| `fs:write:**` | **critical** | Create, change and delete every file in the workspace, including package.json scripts and git hooks, which amounts to running code. |',
      '| `state` | **low** | Keep its own data between runs. |',
      '- `fs:write:**`: may overwrite any file, including scripts that other tools execute.',
    ]);
  });
});
