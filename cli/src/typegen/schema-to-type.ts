/**
 * A small JSON Schema (draft 2020-12, plus draft-07 `definitions`) to TypeScript converter.
 * Written for typegen rather than reusing json-schema-to-typescript because the manifest
 * embeds many independent schemas: each must become an inline type whose local `$ref`s resolve
 * inside that schema only, with no global interface names to collide, and config defaults
 * (applied by the host) must make properties required.
 */

/** A JSON Schema: an object or a boolean. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Options of {@link schemaToType}. */
export interface SchemaToTypeOptions {
  /** Prefix of the local type aliases made for `$defs` (and a self-referencing root). */
  readonly aliasPrefix: string;
  /** Treat properties with a `default` as required (the host fills defaults in). */
  readonly defaultsAreRequired?: boolean;
  /**
   * How objects without `additionalProperties` are typed: `closed` (no index signature, so
   * typos are compile errors) or `open` (`[key: string]: unknown`).
   */
  readonly unspecifiedAdditional?: 'closed' | 'open';
}

/** A converted schema: its type expression and the aliases it needs. */
export interface ConvertedType {
  /** A TypeScript type expression, possibly multi-line (indented for nesting level 0). */
  readonly type: string;
  /** `type Name = ...;` declarations the expression refers to, in a stable order. */
  readonly aliases: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

type SchemaObject = { readonly [keyword: string]: unknown };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const isObject = (v: unknown): v is SchemaObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string literal in single quotes, as the house style (and Biome) writes them. */
export function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/** A property key as written in a type literal. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('') || 'Type';

/** A TSDoc comment from `title`, `description`, `default` and `deprecated`, or ''. */
function docComment(schema: SchemaObject, indent: string): string {
  const lines: string[] = [];
  const text = [schema.title, schema.description].filter((t) => typeof t === 'string').join(': ');
  if (text) lines.push(...String(text).split('\n'));
  if (schema.default !== undefined)
    lines.push(`@defaultValue \`${JSON.stringify(schema.default)}\``);
  if (schema.deprecated === true) lines.push('@deprecated');
  if (lines.length === 0) return '';
  const safe = lines.map((l) => l.replaceAll('*/', '*\\/'));
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** The type of a JSON value, for `const` and `enum`. */
function valueType(value: unknown, indent: string): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'unknown';
  if (Array.isArray(value))
    return `readonly [${value.map((v) => valueType(v, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  const entries = Object.entries(value).map(
    ([k, v]) => `${inner}readonly ${propertyKey(k)}: ${valueType(v, inner)};\n`,
  );
  return entries.length === 0 ? 'Record<string, never>' : `{\n${entries.join('')}${indent}}`;
}

const union = (types: string[]): string => {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  const kept = unique.filter((t) => t !== 'never');
  if (kept.length === 0) return 'never';
  return kept.join(' | ');
};

/** Whether `t` has a top-level `|` or `&` (or a `readonly` prefix), so it needs parentheses. */
function needsParens(t: string): boolean {
  if (t.startsWith('readonly ')) return true;
  let depth = 0;
  let openQuote: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (openQuote !== undefined) {
      if (ch === '\\') i++;
      else if (ch === openQuote) openQuote = undefined;
    } else if (ch === '"' || ch === "'") openQuote = ch;
    else if (ch === '{' || ch === '[' || ch === '(' || ch === '<') depth++;
    else if (ch === '}' || ch === ']' || ch === ')' || ch === '>') depth--;
    else if (depth === 0 && (ch === '|' || ch === '&')) return true;
  }
  return false;
}

const paren = (t: string): string => (needsParens(t) ? `(${t})` : t);

/** Convert one schema. Never throws: what it cannot express becomes `unknown`. */
export function schemaToType(root: JsonSchema, options: SchemaToTypeOptions): ConvertedType {
  const aliases = new Map<string, string>();
  const pending = new Map<string, JsonSchema>();
  const closedByDefault = (options.unspecifiedAdditional ?? 'closed') === 'closed';

  const refTarget = (ref: string): { name: string; schema: JsonSchema } | undefined => {
    if (ref === '#') return { name: `${options.aliasPrefix}Root`, schema: root };
    const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
    if (!m || !isObject(root)) return undefined;
    const defs = root[m[1]!];
    const key = decodeURIComponent(m[2]!).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(defs) || !Object.hasOwn(defs, key)) return undefined;
    return { name: `${options.aliasPrefix}${pascal(key)}`, schema: defs[key] as JsonSchema };
  };

  const objectType = (s: SchemaObject, indent: string): string => {
    const props = isObject(s.properties) ? s.properties : {};
    const required = new Set(
      Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : [],
    );
    const inner = `${indent}  `;
    const members: string[] = [];
    for (const [key, sub] of Object.entries(props)) {
      const subSchema = sub as JsonSchema;
      const hasDefault = isObject(subSchema) && subSchema.default !== undefined;
      const optional = !(required.has(key) || (options.defaultsAreRequired && hasDefault));
      const doc = isObject(subSchema) ? docComment(subSchema, inner) : '';
      members.push(
        `${doc}${inner}${propertyKey(key)}${optional ? '?' : ''}: ${convert(subSchema, inner)};\n`,
      );
    }
    const extra: string[] = [];
    if (isObject(s.patternProperties)) {
      for (const sub of Object.values(s.patternProperties))
        extra.push(convert(sub as JsonSchema, inner));
    }
    const additional = s.additionalProperties;
    if (additional === undefined ? !closedByDefault : additional !== false) {
      extra.push(isObject(additional) ? convert(additional, inner) : 'unknown');
    }
    if (extra.length > 0) {
      // An index signature must admit every named property, so it widens to unknown then.
      const value = members.length > 0 ? 'unknown' : union(extra);
      members.push(
        `${inner}[key: string]: ${value}${value === 'unknown' ? '' : ' | undefined'};\n`,
      );
    }
    return members.length === 0 ? 'Record<string, never>' : `{\n${members.join('')}${indent}}`;
  };

  const arrayType = (s: SchemaObject, indent: string): string => {
    const items = s.items;
    if (Array.isArray(s.prefixItems)) {
      const head = s.prefixItems.map((p) => convert(p as JsonSchema, indent));
      const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
      const parts = head.map((t, i) => (i < minItems ? t : `${t}?`));
      if (items !== false)
        parts.push(
          `...${paren(items === undefined || items === true ? 'unknown' : convert(items as JsonSchema, indent))}[]`,
        );
      return `[${parts.join(', ')}]`;
    }
    if (items === undefined || items === true) return 'unknown[]';
    return `${paren(convert(items as JsonSchema, indent))}[]`;
  };

  const typeOf = (name: string, s: SchemaObject, indent: string): string => {
    switch (name) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return arrayType(s, indent);
      case 'object':
        return objectType(s, indent);
      default:
        return 'unknown';
    }
  };

  function convert(schema: JsonSchema, indent: string): string {
    if (schema === true) return 'unknown';
    if (schema === false) return 'never';
    if (!isObject(schema)) return 'unknown';
    if (typeof schema.$ref === 'string') {
      const target = refTarget(schema.$ref);
      if (target === undefined) return 'unknown';
      if (!aliases.has(target.name) && !pending.has(target.name))
        pending.set(target.name, target.schema);
      return target.name;
    }
    if (schema.const !== undefined) return valueType(schema.const, indent);
    if (Array.isArray(schema.enum)) return union(schema.enum.map((v) => valueType(v, indent)));
    let base: string | undefined;
    if (Array.isArray(schema.type)) {
      base = union(schema.type.map((t) => typeOf(String(t), schema, indent)));
    } else if (typeof schema.type === 'string') {
      base = typeOf(schema.type, schema, indent);
    } else if (
      isObject(schema.properties) ||
      schema.additionalProperties !== undefined ||
      isObject(schema.patternProperties)
    ) {
      base = objectType(schema, indent);
    } else if (schema.items !== undefined || Array.isArray(schema.prefixItems)) {
      base = arrayType(schema, indent);
    }
    if (base !== undefined && schema.nullable === true) base = union([base, 'null']);
    const parts: string[] = base === undefined ? [] : [base];
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list) && list.length > 0)
        parts.push(union(list.map((m) => convert(m as JsonSchema, indent))));
    }
    if (Array.isArray(schema.allOf)) {
      for (const m of schema.allOf) {
        const t = convert(m as JsonSchema, indent);
        if (t !== 'unknown') parts.push(t);
      }
    }
    if (parts.length === 0) return 'unknown';
    if (parts.includes('never')) return 'never';
    return parts.length === 1 ? parts[0]! : parts.map(paren).join(' & ');
  }

  const type = convert(root, '');
  // Aliases may refer to further aliases; convert until none is pending.
  while (pending.size > 0) {
    const [name, schema] = pending.entries().next().value as [string, JsonSchema];
    pending.delete(name);
    aliases.set(name, '');
    aliases.set(name, convert(schema, ''));
  }
  return {
    type,
    aliases: [...aliases.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, t]) => ({ name, type: t })),
  };
}
