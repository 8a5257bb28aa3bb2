import {
  createError,
  isStackPluginError,
  linearRegExp,
  pdkErrors,
  toClause,
} from '@stack-plugin/pdk';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { hostErrors } from '../host-errors.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: Ajv2020) => void;

/** How many compiled validators the process keeps per mode (with and without defaults). */
export const SCHEMA_CACHE_SIZE = 512;

/**
 * Compiled validators shared by every host of the process, keyed by the schema's canonical
 * JSON (keys sorted), least recently used first out. A test harness creates a host per test
 * and each host reads its manifests afresh: without this, every test would compile the same
 * schemas again, and compiling dominates the cost of a host's first calls.
 */
class SharedCompiler {
  readonly #ajv: Ajv2020;
  readonly #entries = new Map<string, { validate: ValidateFunction; schema: object }>();
  compilations = 0;

  constructor(useDefaults: boolean) {
    this.#ajv = createAjv(useDefaults);
  }

  get size(): number {
    return this.#entries.size;
  }

  compile(schema: object): ValidateFunction {
    const key = canonicalJson(schema);
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.validate;
    }
    const validate = this.#ajv.compile(schema);
    this.compilations += 1;
    this.#entries.set(key, { validate, schema });
    if (this.#entries.size > SCHEMA_CACHE_SIZE) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [
        string,
        { schema: object },
      ];
      this.#entries.delete(oldestKey);
      // ajv keeps its own cache per schema object; drop it too, or the bound means nothing.
      this.#ajv.removeSchema(oldest.schema);
    }
    return validate;
  }
}

const shared = { plain: new SharedCompiler(false), withDefaults: new SharedCompiler(true) };

/** Counters of the process-wide validator cache (see {@link SchemaValidator}). */
export interface SchemaCacheStats {
  /** Validators held now, both modes together. */
  readonly size: number;
  /** Schemas compiled since the process started (cache misses). */
  readonly compilations: number;
}

/**
 * Validates data against plugin-supplied JSON Schemas (draft 2020-12). Compiled validators are
 * shared across every `SchemaValidator` (so across hosts) in the process, keyed by the
 * schema's canonical JSON in a bounded LRU ({@link SCHEMA_CACHE_SIZE} per mode); each instance
 * also remembers the validator of each schema object it has seen, so the hot path does not
 * serialise the schema. Not strict: plugin authors may annotate their schemas with keywords of
 * their own.
 */
export class SchemaValidator {
  readonly #cache = new WeakMap<object, ValidateFunction>();
  readonly #defaultsCache = new WeakMap<object, ValidateFunction>();

  /** The counters of the process-wide cache. */
  static cacheStats(): SchemaCacheStats {
    return {
      size: shared.plain.size + shared.withDefaults.size,
      compilations: shared.plain.compilations + shared.withDefaults.compilations,
    };
  }

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
    let detail: string;
    let cause: unknown;
    try {
      const errors = this.errors(schema, value, options.applyDefaults === true);
      if (errors === undefined) return;
      detail = formatErrors(errors);
    } catch (error) {
      // The matcher refuses strings over its bound: a failed validation, with its own code kept.
      const tooLong = pdkErrors.SCHEMA_PATTERN_INPUT_TOO_LONG.code;
      if (!isStackPluginError(error) || error.code !== tooLong) throw error;
      detail = toClause(error);
      cause = error;
    }
    const { plugin } = options;
    const extra = { plugin, ...(cause === undefined ? {} : { cause }) };
    if (options.code === 'CONFIG_INVALID')
      throw createError(
        hostErrors.CONFIG_INVALID,
        { plugin: plugin ?? options.what, detail },
        extra,
      );
    throw createError(pdkErrors.VALIDATION_FAILED, { what: options.what, detail }, extra);
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
        validate = (applyDefaults ? shared.withDefaults : shared.plain).compile(schema);
      } catch (error) {
        throw createError(
          pdkErrors.VALIDATION_FAILED,
          {
            what: 'A schema in the manifest',
            detail: `it is not a valid JSON Schema (${error instanceof Error ? error.message : String(error)})`,
          },
          { cause: error },
        );
      }
      cache.set(schema, validate);
    }
    return validate;
  }
}

function createAjv(useDefaults: boolean): Ajv2020 {
  // Plugin patterns never run on the backtracking engine of the host's main thread.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    useDefaults,
    addUsedSchema: false,
    code: { regExp: linearRegExp },
  });
  addFormats(ajv);
  return ajv;
}

/**
 * JSON with object keys sorted at every level: equal schemas give equal strings. Values follow
 * JSON.stringify's rules (`toJSON`, non-finite numbers and holes as `null`, undefined and
 * functions left out of objects).
 *
 * Written out rather than as JSON.stringify with a replacer: the replacer built a sorted copy of
 * every object, and this key is computed for every schema a plugin load compiles, where it
 * showed in profiles of a 1,000-plugin start.
 *
 * @internal
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const json = (value as { toJSON?: unknown }).toJSON;
      if (typeof json === 'function') return canonicalJson(json.call(value));
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += `${i === 0 ? '' : ','}${omitted(item) ? 'null' : canonicalJson(item)}`;
        }
        return `${out}]`;
      }
      let out = '{';
      for (const key of Object.keys(value).sort()) {
        const item = (value as Record<string, unknown>)[key];
        if (omitted(item)) continue;
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      // bigint throws here as it does in JSON.stringify; undefined, functions and symbols at
      // the top level have no JSON form.
      return JSON.stringify(value) ?? 'null';
  }
}

const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

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
