import { createError } from '@stack-plugin/pdk';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: Ajv2020) => void;

/**
 * Validates data against plugin-supplied JSON Schemas (draft 2020-12). Compiled validators are
 * cached per schema object, so manifest schemas compile once per host. Not strict: plugin
 * authors may annotate their schemas with keywords of their own.
 */
export class SchemaValidator {
  readonly #plain = createAjv(false);
  readonly #withDefaults = createAjv(true);
  readonly #cache = new WeakMap<object, ValidateFunction>();
  readonly #defaultsCache = new WeakMap<object, ValidateFunction>();

  /**
   * Throws `VALIDATION_FAILED` naming `what` unless `value` matches `schema`. With
   * `applyDefaults` the value (which must be a fresh copy) is filled with schema defaults.
   */
  assert(
    schema: object,
    value: unknown,
    options: {
      what: string;
      plugin?: string;
      code?: 'VALIDATION_FAILED' | 'CONFIG_INVALID';
      applyDefaults?: boolean;
    },
  ): void {
    const errors = this.errors(schema, value, options.applyDefaults === true);
    if (errors === undefined) return;
    const detail = formatErrors(errors);
    const plugin = options.plugin === undefined ? {} : { plugin: options.plugin };
    if (options.code === 'CONFIG_INVALID') throw createError('CONFIG_INVALID', { detail }, plugin);
    throw createError('VALIDATION_FAILED', { what: options.what, detail }, plugin);
  }

  /** The validation errors, or undefined when `value` matches. */
  errors(schema: object, value: unknown, applyDefaults = false): ErrorObject[] | undefined {
    const validate = this.#compile(schema, applyDefaults);
    return validate(value) ? undefined : (validate.errors ?? []);
  }

  #compile(schema: object, applyDefaults: boolean): ValidateFunction {
    const cache = applyDefaults ? this.#defaultsCache : this.#cache;
    let validate = cache.get(schema);
    if (validate === undefined) {
      try {
        validate = (applyDefaults ? this.#withDefaults : this.#plain).compile(schema);
      } catch (error) {
        throw createError('VALIDATION_FAILED', {
          what: 'A schema in the manifest',
          detail: `it is not a valid JSON Schema (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      cache.set(schema, validate);
    }
    return validate;
  }
}

function createAjv(useDefaults: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, useDefaults, addUsedSchema: false });
  addFormats(ajv);
  return ajv;
}

/** Formats ajv errors as `/path must be ...; /other must ...`. */
export function formatErrors(errors: readonly ErrorObject[]): string {
  if (errors.length === 0) return 'it does not match';
  return errors
    .map((e) => {
      const where = e.instancePath === '' ? '(root)' : e.instancePath;
      const extra =
        e.keyword === 'additionalProperties'
          ? ` ("${String((e.params as { additionalProperty?: unknown }).additionalProperty)}")`
          : '';
      return `${where} ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}
