/**
 * A small JSON Schema (draft 2020-12, plus draft-07 `definitions`) to TypeScript converter.
 * Written for typegen rather than reusing json-schema-to-typescript because the manifest
 * embeds many independent schemas: each must become an inline type whose local `$ref`s resolve
 * inside that schema only, with no global interface names to collide, and config defaults
 * (applied by the host) must make properties required.
 *
 * The type is a superset of what the schema accepts: every value the validator accepts
 * type-checks (a conformance test runs the JSON Schema Test Suite through `tsc`). Keywords a
 * type cannot express (bounds, patterns, formats, `not` beyond types, dependencies, ...) are
 * listed in comments beside the type, and the type is `unknown` only for a schema that admits
 * values of every JSON type.
 */
import {
  docComment,
  intersect,
  paren,
  pascal,
  propertyKey,
  type SchemaObject,
  union,
  valueType,
} from './_type-text.js';
import { unexpressedKeywords } from './_unexpressed-keywords.js';

/** A JSON Schema: an object or a boolean. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Options of {@link schemaToType}. */
export interface SchemaToTypeOptions {
  /** Prefix of the local type aliases made for `$defs` (and a self-referencing root). */
  readonly aliasPrefix: string;
  /** Treat properties with a `default` as required (the host fills defaults in). */
  readonly defaultsAreRequired?: boolean;
  /**
   * How objects without `additionalProperties` are typed: `open` (default:
   * `[key: string]: unknown`, as the schema allows any other key) or `closed` (no index
   * signature, so typos are compile errors, but values the schema accepts may not type-check).
   */
  readonly unspecifiedAdditional?: 'closed' | 'open';
}

/** A converted schema: its type expression and the aliases it needs. */
export interface ConvertedType {
  /** A TypeScript type expression, possibly multi-line (indented for nesting level 0). */
  readonly type: string;
  /** `type Name = ...;` declarations the expression refers to, in a stable order. */
  readonly aliases: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /** Per alias name: keywords of its schema the alias does not express (see `notes`). */
  readonly aliasNotes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Keywords of the root schema (or of subschemas outside any property) that the type does
   * not express, as `path: keyword value` lines; properties carry theirs in their TSDoc.
   */
  readonly notes?: readonly string[];
}

const isObject = (v: unknown): v is SchemaObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every JSON type, as TypeScript; `unknown` stands for their union. */
const JSON_KINDS = ['null', 'boolean', 'number', 'string', 'array', 'object'] as const;
type Kind = (typeof JSON_KINDS)[number];

/** The JSON types `type` allows (`integer` is a number), or undefined when it allows all. */
function kindsOf(type: unknown): Kind[] | undefined {
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (list === undefined) return undefined;
  const kinds = list.map((t) => (t === 'integer' ? 'number' : t));
  // In the order written, as authors read their own `type` lists.
  return [...new Set(kinds)].filter((k): k is Kind =>
    (JSON_KINDS as readonly unknown[]).includes(k),
  );
}

const OBJECT_KEYWORDS = ['properties', 'additionalProperties', 'patternProperties', 'required'];
const ARRAY_KEYWORDS = ['items', 'prefixItems'];

/** Convert one schema. Never throws: what it cannot express widens the type, with a note. */
export function schemaToType(root: JsonSchema, options: SchemaToTypeOptions): ConvertedType {
  const aliases = new Map<string, { type: string; notes: string[] }>();
  const pending = new Map<string, JsonSchema>();
  const closedByDefault = options.unspecifiedAdditional === 'closed';
  /** Where notes go: the nearest property's TSDoc, or the root's (or alias's) comment. */
  let notes: string[] = [];
  /** Schemas inlined right now: a reference back to one of them becomes `unknown`. */
  const inlining = new Set<unknown>();
  /** Inside an embedded resource (`$id`), `#/...` no longer points into the root. */
  let resourceDepth = 0;

  const names = new Map<string, string>();
  const aliasName = (id: string, key: string): string => {
    let name = names.get(id);
    if (name === undefined) {
      // `a-b` and `aB` share a PascalCase name; number the later ones.
      const base = `${options.aliasPrefix}${pascal(key)}`;
      const taken = new Set(names.values());
      name = base;
      for (let n = 2; taken.has(name) || name === `${options.aliasPrefix}Root`; n++)
        name = `${base}${n}`;
      names.set(id, name);
    }
    return name;
  };

  /** `$anchor`s of the root resource (not inside an embedded `$id`), by name. */
  const anchors = new Map<string, JsonSchema>();
  const collectAnchors = (node: unknown, top: boolean): void => {
    if (Array.isArray(node)) for (const child of node) collectAnchors(child, false);
    if (!isObject(node) || (!top && typeof node.$id === 'string')) return;
    if (typeof node.$anchor === 'string' && !anchors.has(node.$anchor))
      anchors.set(node.$anchor, node);
    for (const [key, child] of Object.entries(node)) {
      // Values of these keywords are data: an "$anchor" inside an enum names nothing.
      if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples')
        collectAnchors(child, false);
    }
  };
  collectAnchors(root, true);

  const refTarget = (ref: string): { name: string; schema: JsonSchema } | undefined => {
    if (resourceDepth > 0) return undefined;
    if (ref === '#') return { name: `${options.aliasPrefix}Root`, schema: root };
    if (/^#[A-Za-z_][-A-Za-z0-9._]*$/.test(ref)) {
      const target = anchors.get(ref.slice(1));
      return target === undefined
        ? undefined
        : { name: aliasName(ref, ref.slice(1)), schema: target };
    }
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = root;
    const segments = ref.slice(2).split('/');
    for (const raw of segments) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = Array.isArray(node)
        ? node[Number(key)]
        : isObject(node) && Object.hasOwn(node, key)
          ? node[key]
          : undefined;
      if (node === undefined) return undefined;
    }
    const defs =
      segments.length === 2 && (segments[0] === '$defs' || segments[0] === 'definitions');
    const word = decodeURIComponent(segments.at(-1) ?? '')
      .replaceAll('~1', '/')
      .replaceAll('~0', '~');
    return {
      name: aliasName(ref, defs ? word : `Ref ${segments.join(' ')}`),
      schema: node as JsonSchema,
    };
  };

  const objectType = (s: SchemaObject, indent: string, path: string): string => {
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
      const outer = notes;
      notes = [];
      const type = convert(subSchema, inner, '', true);
      const doc = isObject(subSchema) ? docComment(subSchema, inner, notes) : '';
      notes = outer;
      members.push(`${doc}${inner}${propertyKey(key)}${optional ? '?' : ''}: ${type};\n`);
    }
    const extra: string[] = [];
    if (isObject(s.patternProperties)) {
      for (const [pattern, sub] of Object.entries(s.patternProperties))
        extra.push(convert(sub as JsonSchema, inner, `${path}/patternProperties/${pattern}`, true));
    }
    const additional = s.additionalProperties;
    if (additional === undefined ? !closedByDefault : additional !== false) {
      extra.push(
        isObject(additional)
          ? convert(additional, inner, `${path}/additionalProperties`, true)
          : 'unknown',
      );
    }
    if (extra.length > 0) {
      // An index signature must admit every named property, so it widens to unknown then.
      const value = members.length > 0 ? 'unknown' : union(extra);
      members.push(
        `${inner}[key: string]: ${value}${value === 'unknown' || value === 'never' ? '' : ' | undefined'};\n`,
      );
    }
    return members.length === 0 ? 'Record<string, never>' : `{\n${members.join('')}${indent}}`;
  };

  const arrayType = (s: SchemaObject, indent: string, path: string): string => {
    const items = s.items;
    const itemType = (schema: unknown, at: string) =>
      schema === undefined || schema === true
        ? 'unknown'
        : convert(schema as JsonSchema, indent, at, true);
    if (Array.isArray(s.prefixItems)) {
      const head = s.prefixItems.map((p, i) => itemType(p, `${path}/prefixItems/${i}`));
      const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
      const parts = head.map((t, i) => (i < minItems ? t : `${paren(t)}?`));
      if (items !== false) parts.push(`...${paren(itemType(items, `${path}/items`))}[]`);
      return `[${parts.join(', ')}]`;
    }
    return `${paren(itemType(items, `${path}/items`))}[]`;
  };

  const kindType = (kind: Kind, s: SchemaObject, indent: string, path: string): string => {
    if (kind === 'array') return arrayType(s, indent, path);
    if (kind === 'object') return objectType(s, indent, path);
    return kind;
  };

  const reference = (ref: string, indent: string, deferred: boolean): string => {
    const target = refTarget(ref);
    if (target === undefined) return 'unknown';
    // An alias may only refer to itself inside an object or array type (TypeScript defers
    // those); elsewhere the target is written out in place.
    if (deferred) {
      if (!aliases.has(target.name) && !pending.has(target.name))
        pending.set(target.name, target.schema);
      return target.name;
    }
    if (inlining.has(target.schema)) return 'unknown';
    inlining.add(target.schema);
    try {
      return convert(target.schema, indent, ref, false);
    } finally {
      inlining.delete(target.schema);
    }
  };

  function convert(schema: JsonSchema, indent: string, path: string, deferred: boolean): string {
    if (schema === true) return 'unknown';
    if (schema === false) return 'never';
    if (!isObject(schema)) return 'unknown';
    const embedded = typeof schema.$id === 'string' && schema !== root;
    if (embedded) resourceDepth += 1;
    try {
      for (const note of unexpressedKeywords(schema)) notes.push(path ? `${path}: ${note}` : note);
      return convertObject(schema, indent, path, deferred);
    } finally {
      if (embedded) resourceDepth -= 1;
    }
  }

  function convertObject(
    schema: SchemaObject,
    indent: string,
    path: string,
    deferred: boolean,
  ): string {
    const parts: string[] = [];
    if (schema.not === true || (isObject(schema.not) && Object.keys(schema.not).length === 0))
      return 'never';
    if (typeof schema.$ref === 'string') parts.push(reference(schema.$ref, indent, deferred));
    let kinds = kindsOf(schema.type);
    const values = schema.const !== undefined ? [schema.const] : schema.enum;
    if (Array.isArray(values)) {
      // The listed values are exact: their literal types, less those `type` rules out.
      const allowed = values.filter((v) => kinds === undefined || kinds.includes(kindOfValue(v)));
      parts.push(union(allowed.map((v) => valueType(v, indent))));
      kinds = undefined;
    }
    const notType =
      isObject(schema.not) && Object.keys(schema.not).length === 1
        ? kindsOf(schema.not.type)
        : undefined;
    if (notType !== undefined)
      kinds = (kinds ?? [...JSON_KINDS]).filter((k) => !notType.includes(k));
    const shaped =
      !Array.isArray(values) &&
      (OBJECT_KEYWORDS.some((k) => k in schema) || ARRAY_KEYWORDS.some((k) => k in schema));
    if (kinds !== undefined || shaped) {
      // Without `type`, object and array keywords leave values of the other types valid.
      const allowed = kinds ?? [...JSON_KINDS];
      let base = union(allowed.map((k) => kindType(k, schema, indent, path)));
      if (schema.nullable === true) base = union([base, 'null']);
      parts.push(base);
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list) && list.length > 0)
        parts.push(
          union(
            list.map((m, i) => convert(m as JsonSchema, indent, `${path}/${key}/${i}`, deferred)),
          ),
        );
    }
    if (Array.isArray(schema.allOf)) {
      for (const [i, m] of schema.allOf.entries())
        parts.push(convert(m as JsonSchema, indent, `${path}/allOf/${i}`, deferred));
    }
    if (schema.if !== undefined && schema.else !== undefined) {
      // Valid is (if and then) or (not if and else): a subset of (If & Then) | Else.
      const condition = convert(schema.if as JsonSchema, indent, `${path}/if`, deferred);
      const then =
        schema.then === undefined
          ? 'unknown'
          : convert(schema.then as JsonSchema, indent, `${path}/then`, deferred);
      const otherwise = convert(schema.else as JsonSchema, indent, `${path}/else`, deferred);
      parts.push(union([intersect([condition, then]), otherwise]));
    }
    return intersect(parts);
  }

  const type = convert(root, '', '', false);
  const rootNotes = notes;
  // Aliases may refer to further aliases; convert until none is pending.
  while (pending.size > 0) {
    const [name, schema] = pending.entries().next().value as [string, JsonSchema];
    pending.delete(name);
    aliases.set(name, { type: '', notes: [] });
    notes = [];
    const aliasType = convert(schema, '', '', false);
    aliases.set(name, { type: aliasType, notes });
  }
  const sorted = [...aliases.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const aliasNotes = Object.fromEntries(
    sorted.filter(([, a]) => a.notes.length > 0).map(([name, a]) => [name, a.notes]),
  );
  return {
    type,
    aliases: sorted.map(([name, a]) => ({ name, type: a.type })),
    ...(Object.keys(aliasNotes).length > 0 ? { aliasNotes } : {}),
    ...(rootNotes.length > 0 ? { notes: rootNotes } : {}),
  };
}

function kindOfValue(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind;
}
