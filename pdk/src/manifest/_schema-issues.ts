import type { ErrorObject } from 'ajv/dist/2020.js';
import { didYouMean } from '../cli-kit/did-you-mean.js';
import { describeAjvError } from './_ajv.js';
import { isRecord, show } from './_issue-collector.js';
import { escapePointerSegment } from './manifest-issue.js';

/** What a schema problem is, so each document maps it to its own issue code. */
export type SchemaProblemKind = 'missing' | 'unknown' | 'one-of-fields' | 'value';

/** One problem of a JSON document against its (precompiled) schema, ready for an issue. */
export interface SchemaProblem {
  readonly kind: SchemaProblemKind;
  /** JSON Pointer of the value concerned (for `missing`/`unknown`: of the field itself). */
  readonly path: string;
  readonly message: string;
  readonly hint: string;
  /** The ajv error it comes from (`data` holds the offending value with `verbose`). */
  readonly error: ErrorObject;
}

/** How a document is named in messages. */
export interface SchemaDocument {
  /** `the manifest`, `the host config`. */
  readonly name: string;
  /** Where the expected shape is described, e.g. `the manifest schema (...)`. */
  readonly schema: string;
}

/** The field names of `oneOf: [{ required: [a] }, { required: [b] }]`, or undefined. */
function oneOfFields(schema: Record<string, unknown>): string[] | undefined {
  const branches = schema.oneOf;
  if (!Array.isArray(branches)) return undefined;
  const fields = branches.map((b) =>
    isRecord(b) &&
    Object.keys(b).length === 1 &&
    Array.isArray(b.required) &&
    b.required.length === 1
      ? String(b.required[0])
      : undefined,
  );
  return fields.every((f) => f !== undefined) ? (fields as string[]) : undefined;
}

function describe(error: ErrorObject, doc: SchemaDocument): Omit<SchemaProblem, 'error'> {
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const name = String(params.missingProperty);
    const property = isRecord(parent.properties) ? parent.properties[name] : undefined;
    const about =
      isRecord(property) && typeof property.description === 'string'
        ? ` ${property.description}`
        : '';
    return {
      kind: 'missing',
      path: `${error.instancePath}/${escapePointerSegment(name)}`,
      message: `The required field "${name}" is missing.${about}`,
      hint: `Add "${name}"; your editor suggests values when "$schema" is set.`,
    };
  }
  if (error.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    const known = isRecord(parent.properties) ? Object.keys(parent.properties) : [];
    const guess = didYouMean(name, known);
    return {
      kind: 'unknown',
      path: `${error.instancePath}/${escapePointerSegment(name)}`,
      message: `"${name}" is not a field of ${error.instancePath === '' ? doc.name : `"${error.instancePath}"`}, so it would be ignored.`,
      hint:
        guess !== undefined
          ? `Did you mean "${guess}"?`
          : `Remove it; the known fields are: ${known.join(', ')}.`,
    };
  }
  const fields = error.keyword === 'oneOf' ? oneOfFields(parent) : undefined;
  if (fields !== undefined) {
    const given = fields.filter((f) => isRecord(error.data) && Object.hasOwn(error.data, f));
    return {
      kind: 'one-of-fields',
      path: error.instancePath,
      message: `"${error.instancePath}" needs exactly one of ${fields.map((f) => `"${f}"`).join(' and ')}; it has ${given.length === 0 ? 'none' : given.map((f) => `"${f}"`).join(' and ')}.`,
      hint:
        typeof parent.description === 'string'
          ? `Expected: ${parent.description}`
          : `Keep one of ${fields.join(', ')}.`,
    };
  }
  const about = typeof parent.description === 'string' ? parent.description : undefined;
  return {
    kind: 'value',
    path: error.instancePath,
    message: `The value ${show(error.data)} ${describeAjvError(error)}.`,
    hint: about !== undefined ? `Expected: ${about}` : `See ${doc.schema} for the expected shape.`,
  };
}

/**
 * Every problem ajv found (with `allErrors` and `verbose`), one per location: a field that is
 * missing or unknown (with a did-you-mean) names the field; other errors at one path keep the
 * most specific one. Manifest and host config both report through here.
 */
export function schemaProblems(
  errors: readonly ErrorObject[] | null | undefined,
  doc: SchemaDocument,
): SchemaProblem[] {
  const all = errors ?? [];
  // A failed `oneOf` of "exactly one of these fields" is one problem, not its branches' errors.
  const choices = new Set(
    all
      .filter(
        (e) => e.keyword === 'oneOf' && isRecord(e.parentSchema) && oneOfFields(e.parentSchema),
      )
      .map((e) => e.schemaPath),
  );
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of all) {
    if ([...choices].some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    // "required"/"additionalProperties" name a child, so they never hide each other.
    const key = ['required', 'additionalProperties'].includes(error.keyword)
      ? `${error.instancePath}\0${JSON.stringify(error.params)}`
      : error.instancePath;
    byPath.set(key, [...(byPath.get(key) ?? []), error]);
  }
  return [...byPath.values()].map((list) => {
    const specific = list.filter(
      (e) => (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || choices.has(e.schemaPath),
    );
    const error = (specific[0] ?? list[0]) as ErrorObject;
    return { ...describe(error, doc), error };
  });
}
