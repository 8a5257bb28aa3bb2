import { describe, expect, it } from 'vitest';
import { type JsonSchema, schemaToType } from './schema-to-type.js';

const t = (schema: JsonSchema, extra: Partial<Parameters<typeof schemaToType>[1]> = {}) =>
  schemaToType(schema, { aliasPrefix: 'X', ...extra });

describe('schemaToType', () => {
  it.each<[JsonSchema, string, Partial<Parameters<typeof schemaToType>[1]>?]>([
    [true, 'unknown'],
    [false, 'never'],
    [{}, 'unknown'],
    [{ type: 'string' }, 'string'],
    [{ type: 'integer' }, 'number'],
    [{ type: 'number' }, 'number'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'null' }, 'null'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ type: 'string', nullable: true }, 'string | null'],
    [{ enum: ['a', "b'", 1, null] }, "'a' | 'b\\'' | 1 | null"],
    [{ const: 'x' }, "'x'"],
    [{ type: 'array', items: { type: 'string' } }, 'string[]'],
    [{ type: 'array' }, 'unknown[]'],
    [{ type: 'array', items: { enum: ['a', 'b'] } }, "('a' | 'b')[]"],
    // Without `type`, array keywords leave values of every other type valid.
    [
      { items: { type: 'number' } },
      'null | boolean | number | string | number[] | {\n  [key: string]: unknown;\n}',
    ],
    [
      {
        type: 'array',
        prefixItems: [{ type: 'string' }, { type: 'number' }],
        items: false,
        minItems: 1,
      },
      '[string, number?]',
    ],
    [{ type: 'array', prefixItems: [{ type: 'string' }], minItems: 1 }, '[string, ...unknown[]]'],
    [
      { type: 'array', prefixItems: [{ anyOf: [{ type: 'string' }, { type: 'null' }] }] },
      '[(string | null)?, ...unknown[]]',
    ],
    [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, 'string | number'],
    [{ oneOf: [{ type: 'string' }, {}] }, 'unknown'],
    [{ type: 'object' }, '{\n  [key: string]: unknown;\n}'],
    [{ type: 'object' }, 'Record<string, never>', { unspecifiedAdditional: 'closed' }],
    [{ not: {} }, 'never'],
    [
      { not: { type: ['string', 'null'] } },
      'boolean | number | unknown[] | {\n  [key: string]: unknown;\n}',
    ],
    [
      // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here.
      { if: { type: 'string' }, then: { minLength: 1 }, else: { type: 'number' } },
      'string | number',
    ],
    [{ type: 'object', additionalProperties: true }, '{\n  [key: string]: unknown;\n}'],
    [
      { type: 'object', additionalProperties: { type: 'number' } },
      '{\n  [key: string]: number | undefined;\n}',
    ],
    [{ allOf: [{ type: 'string' }, { enum: ['a'] }] }, "string & 'a'"],
    [{ type: 'string', not: { const: 'x' } }, 'string'],
    [{ $ref: 'https://example.com/remote.json' }, 'unknown'],
    [{ $ref: '#/$defs/missing' }, 'unknown'],
  ])('%j -> %s', (schema, expected, extra = {}) => {
    const converted = t(schema, extra);
    expect(converted.type).toBe(expected);
    expect(converted.aliases).toEqual([]);
  });

  it('lists the keywords a type cannot express', () => {
    expect(
      t({
        type: 'string',
        minLength: 2,
        pattern: '^a',
        not: { const: 'ab' },
        oneOf: [{ format: 'email' }, { maxLength: 3 }],
      }).notes,
    ).toEqual([
      'pattern "^a"',
      'minLength 2',
      'not {"const":"ab"}',
      'oneOf: exactly one alternative matches',
      '/oneOf/0: format "email"',
      '/oneOf/1: maxLength 3',
    ]);
    const object = t({
      type: 'object',
      properties: { port: { type: 'integer', minimum: 1, description: 'Port' } },
    });
    expect(object.notes).toBeUndefined();
    expect(object.type).toContain(
      '  /**\n   * Port\n   * @remarks Checked at run time, not by this type:\n   * minimum 1\n   */\n  port?: number;',
    );
  });

  it('types objects with required, optional and quoted keys, and docs', () => {
    expect(
      t({
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Who to greet' },
          'dashed-key': { type: 'number', default: 2 },
          nested: { type: 'object', properties: { deep: { type: 'boolean' } }, required: ['deep'] },
        },
        required: ['name'],
      }).type,
    ).toMatchInlineSnapshot(`
      "{
        /** Who to greet */
        name: string;
        /** @defaultValue \`2\` */
        'dashed-key'?: number;
        nested?: {
          deep: boolean;
          [key: string]: unknown;
        };
        [key: string]: unknown;
      }"
    `);
  });

  it('makes properties with defaults required when asked (the host applies defaults)', () => {
    const schema = { type: 'object', properties: { retries: { type: 'integer', default: 2 } } };
    expect(t(schema, { defaultsAreRequired: true, unspecifiedAdditional: 'closed' }).type).toBe(
      '{\n  /** @defaultValue `2` */\n  retries: number;\n}',
    );
  });

  it('keeps named properties next to additional ones by widening the index signature', () => {
    expect(
      t({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'number' },
      }).type,
    ).toBe('{\n  a?: string;\n  [key: string]: unknown;\n}');
    expect(
      t(
        { type: 'object', properties: { a: { type: 'string' } } },
        { unspecifiedAdditional: 'open' },
      ).type,
    ).toBe('{\n  a?: string;\n  [key: string]: unknown;\n}');
  });

  it('turns local $refs into prefixed aliases, recursion included', () => {
    const closed = { unspecifiedAdditional: 'closed' } as const;
    expect(
      t(
        {
          type: 'object',
          properties: {
            root: { $ref: '#/$defs/tree-node' },
            other: { $ref: '#/definitions/Leaf' },
          },
          required: ['root'],
          $defs: {
            'tree-node': {
              type: 'object',
              properties: { children: { type: 'array', items: { $ref: '#/$defs/tree-node' } } },
            },
          },
          definitions: { Leaf: { type: 'string' } },
        },
        closed,
      ),
    ).toEqual({
      type: '{\n  root: XTreeNode;\n  other?: XLeaf;\n}',
      aliases: [
        { name: 'XLeaf', type: 'string' },
        { name: 'XTreeNode', type: '{\n  children?: XTreeNode[];\n}' },
      ],
    });
    expect(t({ type: 'object', properties: { self: { $ref: '#' } } }, closed)).toEqual({
      type: '{\n  self?: XRoot;\n}',
      aliases: [{ name: 'XRoot', type: '{\n  self?: XRoot;\n}' }],
    });
  });

  it('parenthesizes unions inside intersections and arrays', () => {
    expect(
      t({
        allOf: [
          { anyOf: [{ type: 'string' }, { type: 'number' }] },
          { anyOf: [{ const: 1 }, { const: 'a' }] },
        ],
      }).type,
    ).toBe("(string | number) & (1 | 'a')");
  });

  it('escapes comment terminators in descriptions', () => {
    expect(
      t(
        { type: 'object', properties: { a: { type: 'string', description: 'ends */ here' } } },
        { unspecifiedAdditional: 'closed' },
      ).type,
    ).toBe('{\n  /** ends *\\/ here */\n  a?: string;\n}');
  });

  it('types const and enum objects structurally', () => {
    expect(t({ const: { a: [1, 'x'] } }).type).toBe("{\n  readonly a: readonly [1, 'x'];\n}");
  });
});
