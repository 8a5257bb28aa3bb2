import { escapeText } from './_escape-text.js';
import { keywordConstraints } from './_schema-keywords.js';

/** A JSON Schema object as found in a manifest; only the keywords the docs show are read. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One documented value of a schema: a property, an array item or the root value. */
export interface SchemaRow {
  /** Dotted path, `[]` marking array items (`days[].date`); empty for the root value. */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** JSON text of the default, if any. */
  readonly default?: string;
  readonly description: string;
  /** Enum values, bounds, pattern, format and examples, in words. */
  readonly constraints: readonly string[];
}

const MAX_DEPTH = 6;

/** Keywords that relate values; a root with any of them gets a row of its own. */
const RELATIONAL = [
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'dependentRequired',
  'dependentSchemas',
];

const isSchema = (v: unknown): v is JsonSchema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/$defs/x`, `#/definitions/x`) inside `root`; others stay opaque. */
function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isSchema(target) ? target[key] : undefined;
    }
    if (!isSchema(target)) return current;
    current = target;
  }
  return current;
}

function subschemaName(schema: unknown, root: JsonSchema): string {
  if (schema === false) return 'never';
  return isSchema(schema) ? schemaTypeName(schema, root) : 'any';
}

/** The type of a schema in TypeScript-like words (`string`, `integer[]`, `"a" | "b"`). */
export function schemaTypeName(schema: JsonSchema, root: JsonSchema = schema): string {
  const s = deref(schema, root);
  if (typeof s.$ref === 'string') return s.$ref.replace(/^.*\//, '');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = s[key];
    if (!Array.isArray(options)) continue;
    const names = options.map((o) => subschemaName(o, root));
    // Alternatives that only add rules (`required`, bounds) name no type: say the type itself.
    if (names.some((n) => n !== 'any') || s.type === undefined) return names.join(' | ');
  }
  if (Array.isArray(s.allOf) && s.type === undefined) {
    const names = s.allOf.map((o) => subschemaName(o, root)).filter((n) => n !== 'any');
    if (names.length > 0) return names.map((n) => (n.includes(' | ') ? `(${n})` : n)).join(' & ');
  }
  const type = s.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array') {
    const item = isSchema(s.items) ? schemaTypeName(s.items, root) : 'unknown';
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  }
  if (typeof type === 'string') return type;
  if (isSchema(s.properties)) return 'object';
  return 'any';
}

function constraintsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  const words: Array<[string, string]> = [
    ['minimum', 'at least'],
    ['exclusiveMinimum', 'more than'],
    ['maximum', 'at most'],
    ['exclusiveMaximum', 'less than'],
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
  ];
  for (const [keyword, label] of words) {
    if (typeof s[keyword] === 'number') out.push(`${label} ${s[keyword]}`);
  }
  if (typeof s.multipleOf === 'number') out.push(`multiple of ${s.multipleOf}`);
  if (typeof s.minProperties === 'number') out.push(`min properties ${s.minProperties}`);
  if (typeof s.maxProperties === 'number') out.push(`max properties ${s.maxProperties}`);
  if (s.uniqueItems === true) out.push('unique items');
  if (typeof s.pattern === 'string') out.push(`matches \`${s.pattern}\``);
  if (typeof s.format === 'string') out.push(`format \`${s.format}\``);
  if (Array.isArray(s.examples) && s.examples.length > 0) {
    out.push(`e.g. ${s.examples.map((e) => `\`${JSON.stringify(e)}\``).join(', ')}`);
  }
  out.push(...keywordConstraints(s));
  if (s.deprecated === true) out.push('deprecated');
  return out;
}

/** Flattens a schema into one row per documented value, nested objects and arrays included. */
export function schemaRows(schema: JsonSchema): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const visit = (node: JsonSchema, path: string, required: boolean, depth: number) => {
    const s = deref(node, schema);
    // The root of an object is its properties' rows, unless it has rules of its own to show.
    if (path !== '' || !isSchema(s.properties) || RELATIONAL.some((k) => k in s)) {
      rows.push({
        path,
        type: schemaTypeName(s, schema),
        required,
        ...('default' in s ? { default: JSON.stringify(s.default) } : {}),
        description: typeof s.description === 'string' ? s.description : '',
        constraints: constraintsOf(s),
      });
    }
    if (depth >= MAX_DEPTH) return;
    const ownRequired: unknown[] = Array.isArray(s.required) ? s.required : [];
    // Properties of `allOf` members belong to the object as much as its own.
    const members = [s, ...(Array.isArray(s.allOf) ? s.allOf : [])]
      .filter(isSchema)
      .map((m) => deref(m, schema));
    const seen = new Set<string>();
    for (const member of members) {
      if (!isSchema(member.properties)) continue;
      const req = new Set([
        ...ownRequired,
        ...(Array.isArray(member.required) ? member.required : []),
      ]);
      for (const [name, child] of Object.entries(member.properties)) {
        if (!isSchema(child) || seen.has(name)) continue;
        seen.add(name);
        visit(child, path ? `${path}.${name}` : name, req.has(name), depth + 1);
      }
    }
    if (s.type === 'array' && isSchema(s.items)) {
      const items = deref(s.items, schema);
      if (isSchema(items.properties)) {
        const req = new Set(Array.isArray(items.required) ? items.required : []);
        for (const [name, child] of Object.entries(items.properties)) {
          if (isSchema(child)) visit(child, `${path}[].${name}`, req.has(name), depth + 1);
        }
      }
    }
  };
  visit(schema, '', true, 0);
  return rows;
}

/** Escapes text for one cell of a Markdown table. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown table documenting a schema, followed by the schema itself in a code block. */
export function schemaToMarkdown(schema: JsonSchema): string {
  const rows = schemaRows(schema);
  const lines = [
    '| Name | Type | Required | Default | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const description = [row.description, ...row.constraints].filter(Boolean).join('; ');
    lines.push(
      `| ${row.path ? `\`${row.path}\`` : '(value)'} | \`${cell(row.type)}\` | ${row.required ? 'yes' : 'no'} | ${row.default === undefined ? '' : `\`${cell(row.default)}\``} | ${cell(escapeText(description))} |`,
    );
  }
  return `${lines.join('\n')}\n\n<details><summary>JSON Schema</summary>\n\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\`\n\n</details>\n`;
}
