import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import traverse from 'json-schema-traverse';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError, isStackPluginError } from '../errors/stack-plugin-error.js';
import { acceptsSimply } from './_accepts-simply.js';
import { getPluginSchemaAjv, metaSchemaErrors, summarizeAjvErrors } from './_ajv.js';
import { type IssueCollector, isRecord, show } from './_issue-collector.js';
import { KNOWN_FORMATS, KNOWN_KEYWORDS } from './_schema-keywords.js';
import { linearPatternProblem } from './linear-pattern.js';
import { escapePointerSegment } from './manifest-issue.js';

const MANIFEST = 'stack-plugin.json';

type Node = [pointer: string, schema: Record<string, unknown>];

/**
 * Applicators of draft 2020-12 that json-schema-traverse 1.0.0 (the walker ajv itself uses)
 * predates; their subschemas are walked here, everything else by the library.
 */
const LATER_SINGLE = ['unevaluatedProperties', 'unevaluatedItems', 'contentSchema'];
const LATER_ARRAYS = ['prefixItems'];
const LATER_MAPS = ['dependentSchemas'];

/** Every subschema of `root` with its JSON Pointer relative to `root`, parents first. */
function subschemas(root: Record<string, unknown>): Node[] {
  const out: Node[] = [];
  const walk = (schema: Record<string, unknown>, base: string): void => {
    traverse(schema, {
      cb: (node: Record<string, unknown>, pointer: string) => {
        const at = base + pointer;
        out.push([at, node]);
        for (const key of LATER_SINGLE) {
          if (isRecord(node[key])) walk(node[key], `${at}/${key}`);
        }
        for (const key of LATER_ARRAYS) {
          const list = node[key];
          if (Array.isArray(list)) {
            list.forEach((item, i) => {
              if (isRecord(item)) walk(item, `${at}/${key}/${i}`);
            });
          }
        }
        for (const key of LATER_MAPS) {
          const map = node[key];
          if (!isRecord(map)) continue;
          for (const [name, value] of Object.entries(map)) {
            if (isRecord(value)) walk(value, `${at}/${key}/${escapePointerSegment(name)}`);
          }
        }
      },
    });
  };
  walk(root, '');
  return out;
}

function resolveLocal(root: Record<string, unknown>, fragment: string): boolean {
  if (fragment === '') return true;
  let value: unknown = root;
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return false;
  }
  if (!decoded.startsWith('/')) return false;
  for (const raw of decoded.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return isRecord(value) || typeof value === 'boolean';
}

function checkRef(ref: string, root: Record<string, unknown>, nodes: Node[]): string | undefined {
  if (!ref.startsWith('#')) {
    return `the reference "${ref}" points outside this schema; the host resolves only local references ("#/$defs/...")`;
  }
  const fragment = ref.slice(1);
  if (fragment === '' || fragment.startsWith('/')) {
    return resolveLocal(root, fragment)
      ? undefined
      : `the reference "${ref}" points to nothing in this schema`;
  }
  const anchored = nodes.some(([, n]) => n.$anchor === fragment || n.$dynamicAnchor === fragment);
  return anchored ? undefined : `no "$anchor": "${fragment}" exists for the reference "${ref}"`;
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Keyword-level checks ajv's meta-schema cannot express: references that resolve, regular
 * expressions that compile (ajv uses the `u` flag), and known keywords and formats. Done by
 * hand rather than by compiling every schema, which costs about a millisecond each.
 */
function checkNodes(
  c: IssueCollector,
  root: Record<string, unknown>,
  nodes: Node[],
  base: string,
): boolean {
  let valid = true;
  const invalid = (at: string, detail: string, hint: string) => {
    valid = false;
    c.add(
      'JSON_SCHEMA_INVALID',
      MANIFEST,
      base + at,
      `This JSON Schema cannot be used: ${detail}.`,
      hint,
    );
  };
  for (const [at, node] of nodes) {
    for (const key of Object.keys(node)) {
      if (KNOWN_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      c.add(
        'JSON_SCHEMA_STRICT',
        MANIFEST,
        `${base}${at}/${escapePointerSegment(key)}`,
        `"${key}" is not a JSON Schema keyword, so validators ignore it and it constrains nothing.`,
        'Check the spelling (e.g. "required", "properties"), or prefix custom annotations with "x-".',
      );
    }
    for (const keyword of ['$ref', '$dynamicRef'] as const) {
      const ref = node[keyword];
      const problem = typeof ref === 'string' ? checkRef(ref, root, nodes) : undefined;
      if (problem !== undefined)
        invalid(
          `${at}/${keyword}`,
          problem,
          'Point the reference at "#", "#/$defs/<name>" or an "$anchor" of this schema.',
        );
    }
    const patterns: Array<[string, string]> = [];
    if (typeof node.pattern === 'string') patterns.push([`${at}/pattern`, node.pattern]);
    if (isRecord(node.patternProperties)) {
      for (const source of Object.keys(node.patternProperties)) {
        patterns.push([`${at}/patternProperties/${escapePointerSegment(source)}`, source]);
      }
    }
    for (const [where, source] of patterns) {
      if (!isRegex(source)) {
        invalid(
          where,
          `${show(source)} is not a valid regular expression (Unicode mode)`,
          'Fix the regular expression; remember to escape backslashes in JSON ("\\\\d").',
        );
        continue;
      }
      const problem = linearPatternProblem(source);
      if (problem === undefined) continue;
      valid = false;
      const error = createError(pdkErrors.SCHEMA_PATTERN_UNSUPPORTED, {
        pattern: source,
        detail: problem,
      });
      c.add('JSON_SCHEMA_PATTERN_UNSUPPORTED', MANIFEST, base + where, error.message, error.hint);
    }
    if (typeof node.format === 'string' && !KNOWN_FORMATS.has(node.format)) {
      c.add(
        'JSON_SCHEMA_STRICT',
        MANIFEST,
        `${base}${at}/format`,
        `The format "${node.format}" is unknown, so values are not checked against it.`,
        'Use a standard format (date-time, email, uri, uuid, ...) or remove "format".',
      );
    }
  }
  return valid;
}

/** Validators of standalone subschemas, keyed by their JSON text; bounded. */
const validatorCache = new Map<string, { schema: AnySchemaObject; validate: ValidateFunction }>();
const CACHE_LIMIT = 500;
const ANNOTATIONS = new Set([
  'default',
  'title',
  'description',
  'examples',
  '$comment',
  'deprecated',
]);
let keyCounter = 0;

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== '$id') out[key] = withoutIds(child);
  }
  return out;
}

/** Check a default against the subschema it sits in; undefined when it passes. */
function defaultProblem(
  root: Record<string, unknown>,
  at: string,
  node: Record<string, unknown>,
): string | undefined {
  if (acceptsSimply(node, node.default)) return undefined;
  const ajv = getPluginSchemaAjv();
  const text = JSON.stringify(node);
  if (/"\$(?:dynamic)?[rR]ef"/.test(text)) {
    // References resolve against the root, so validate through it. Without its "$id"s, which
    // would register globally in the shared instance (and could even replace the meta-schema).
    const key = `stack-plugin-default-check-${++keyCounter}`;
    try {
      ajv.addSchema(withoutIds(root) as AnySchemaObject, key);
      const validate = ajv.getSchema(`${key}#${at.split('/').map(encodeURIComponent).join('/')}`);
      if (validate === undefined || validate(node.default)) return undefined;
      return summarize(validate);
    } finally {
      ajv.removeSchema(key);
    }
  }
  // Annotations do not change what validates, so `{ type: 'integer', default: 1 }` and
  // `{ type: 'integer', default: 2 }` share one compiled validator. Only the node's own: deeper
  // down, "title" or "default" may as well be a property name or part of an enum value.
  const key = JSON.stringify(
    Object.fromEntries(Object.entries(node).filter(([name]) => !ANNOTATIONS.has(name))),
  );
  let entry = validatorCache.get(key);
  if (entry === undefined) {
    const schema = withoutIds(JSON.parse(key)) as AnySchemaObject;
    entry = { schema, validate: ajv.compile(schema) };
    if (validatorCache.size >= CACHE_LIMIT) {
      for (const old of validatorCache.values()) ajv.removeSchema(old.schema);
      validatorCache.clear();
    }
    validatorCache.set(key, entry);
  }
  return entry.validate(node.default) ? undefined : summarize(entry.validate);
}

function summarize(validate: ValidateFunction): string {
  const [first] = summarizeAjvErrors(validate.errors);
  return [first?.instancePath, first?.message ?? 'is invalid'].filter(Boolean).join(' ');
}

/**
 * Check one JSON Schema embedded in the manifest at `pointer`: valid against the draft 2020-12
 * meta-schema, local references that resolve, valid regular expressions, known keywords and
 * formats, and every `default` valid against the subschema it sits in.
 */
export function checkEmbeddedSchema(c: IssueCollector, schema: unknown, pointer: string): void {
  if (!isRecord(schema)) return; // the manifest schema reports the wrong type
  let metaErrors: ReturnType<typeof summarizeAjvErrors>;
  try {
    metaErrors = summarizeAjvErrors(metaSchemaErrors(schema));
  } catch (error) {
    metaErrors = [
      { instancePath: '', message: error instanceof Error ? error.message : String(error) },
    ];
  }
  for (const { instancePath, message } of metaErrors) {
    c.add(
      'JSON_SCHEMA_INVALID',
      MANIFEST,
      pointer + instancePath,
      `This JSON Schema is not valid draft 2020-12: ${message}, so the host cannot validate data with it.`,
      'Fix the keyword (see https://json-schema.org/draft/2020-12/json-schema-validation).',
    );
  }
  if (metaErrors.length > 0) return;
  const nodes = subschemas(schema);
  if (!checkNodes(c, schema, nodes, pointer)) return;
  for (const [at, node] of nodes) {
    if (!Object.hasOwn(node, 'default')) continue;
    let problem: string | undefined;
    try {
      problem = defaultProblem(schema, at, node);
    } catch (error) {
      // A default too long for its pattern is refused by the matcher, not by the schema.
      problem = isStackPluginError(error)
        ? error.message
        : `its schema cannot be compiled (${error instanceof Error ? error.message : String(error)})`;
    }
    if (problem !== undefined) {
      c.add(
        'CONFIG_DEFAULT_INVALID',
        MANIFEST,
        `${pointer}${at}/default`,
        `The default ${show(node.default)} does not match its own schema (${problem}), so every user who keeps it gets a configuration error.`,
        'Change the default to a value the schema accepts, or fix the schema.',
      );
    }
  }
}
