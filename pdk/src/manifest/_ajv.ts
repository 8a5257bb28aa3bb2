import type { Ajv2020, AnySchema, ErrorObject } from 'ajv/dist/2020.js';
import { lazyRequire } from '../_lazy-require.js';
import { DRAFT_2020_12, PLUGIN_SCHEMA_AJV_OPTIONS } from './_ajv-options.js';
import { draft202012Validator } from './_precompiled-validators.js';
import { linearRegExp } from './linear-pattern.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const loadAjv = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
// ajv-formats is CommonJS with `exports.default`.
const loadFormats = lazyRequire<{ default: FormatsPlugin }>('ajv-formats');

/** Whether ajv would check `schema` against the draft 2020-12 meta-schema. */
function usesDraft202012(schema: unknown): schema is Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  const { $schema } = schema as Record<string, unknown>;
  return $schema === undefined || $schema === DRAFT_2020_12;
}

/**
 * Check a schema against its meta-schema, with ajv's `validateSchema` semantics: the
 * precompiled draft 2020-12 validator when the schema uses that dialect (so neither ajv nor
 * the meta-schema has to be loaded and compiled), ajv itself for any other `$schema`, which
 * throws when that meta-schema is unknown.
 */
export function metaSchemaErrors(schema: AnySchema): ErrorObject[] {
  if (usesDraft202012(schema)) {
    const validate = draft202012Validator();
    return validate(schema) ? [] : (validate.errors ?? []);
  }
  const ajv = getPluginSchemaAjv();
  return ajv.validateSchema(schema) ? [] : (ajv.errors ?? []);
}

function createPluginSchemaAjv(): Ajv2020 {
  /**
   * ajv validates every schema it compiles against its meta-schema, and compiling the draft
   * 2020-12 meta-schema at run time is the slowest step of a first validation. This instance
   * answers that check with the same validator, precompiled.
   */
  class PluginSchemaAjv extends loadAjv().Ajv2020 {
    override validateSchema(schema: AnySchema, throwOrLogError?: boolean) {
      if (!usesDraft202012(schema)) return super.validateSchema(schema, throwOrLogError);
      const validate = draft202012Validator();
      const valid = validate(schema);
      this.errors = validate.errors ?? null;
      if (!valid && throwOrLogError === true) {
        throw new Error(`schema is invalid: ${this.errorsText()}`);
      }
      return valid;
    }
  }
  // Patterns run on the linear-time engine: a plugin's `pattern` must not freeze the CLI.
  const ajv = new PluginSchemaAjv({ ...PLUGIN_SCHEMA_AJV_OPTIONS, code: { regExp: linearRegExp } });
  loadFormats().default(ajv);
  return ajv;
}

let pluginAjv: Ajv2020 | undefined;

/**
 * The shared instance for schemas written by plugin authors, created on first use: only
 * `default` values need a schema compiled at run time.
 */
export function getPluginSchemaAjv(): Ajv2020 {
  pluginAjv ??= createPluginSchemaAjv();
  return pluginAjv;
}

/** One line per failing location: wrapper errors (anyOf) dropped when a detail exists. */
export function summarizeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
): Array<{ instancePath: string; message: string }> {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors ?? []) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const out: Array<{ instancePath: string; message: string }> = [];
  for (const [instancePath, list] of byPath) {
    const specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    const error = (specific[0] ?? list[0]) as ErrorObject;
    out.push({ instancePath, message: describeAjvError(error) });
  }
  return out;
}

/** A readable sentence for one ajv error. */
export function describeAjvError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? `fails "${error.keyword}"`;
}
