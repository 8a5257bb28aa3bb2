import { createError } from '@stack-plugin/pdk';
import fc from 'fast-check';
import { harnessErrors } from '../harness-errors.js';
import type { JsonSchema } from './_schema-algebra.js';
import type { Located } from './_schema-refs.js';

/** Limits of generation; see `ArbitraryOptions`. */
export interface Limits {
  readonly maxDepth: number;
  readonly maxItems: number;
  readonly maxLength: number;
}

/** What building needs besides the schema. */
export interface BuildContext {
  readonly limits: Limits;
  readonly resolveRef: (ref: string) => Located | undefined;
  /** A check of `fragment` by the host's validator, or undefined when it cannot stand alone. */
  readonly check: (fragment: unknown) => ((value: unknown) => boolean) | undefined;
  /** Builds the arbitrary of a subschema found at `path`, `depth` levels into the value. */
  readonly build: (schema: JsonSchema, path: string, depth: number) => fc.Arbitrary<unknown>;
  /** Alternatives that may still be built; a bound on the product of nested choices. */
  alternatives: number;
}

/** The coded error that says a schema (at `path`) could not be generated because of `keyword`. */
export function refusal(keyword: string, path: string, detail: string): Error {
  return createError(harnessErrors.TEST_SCHEMA_NOT_GENERATABLE, {
    keyword,
    schemaPath: path,
    detail,
  });
}

/** Any JSON value, shallower as `depth` grows. */
export function anyJson(depth: number, limits: Limits): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: Math.max(0, limits.maxDepth - depth) });
}

/** A finite number, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
