import { createError } from '@stack-plugin/pdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = (formatsModule.default ??
    formatsModule);
/** How many compiled validators the process keeps per mode (with and without defaults). */
export const SCHEMA_CACHE_SIZE = 512;
/**
 * Compiled validators shared by every host of the process, keyed by the schema's canonical
 * JSON (keys sorted), least recently used first out. A test harness creates a host per test
 * and each host reads its manifests afresh: without this, every test would compile the same
 * schemas again, and compiling dominates the cost of a host's first calls.
 */
class SharedCompiler {
    #ajv;
    #entries = new Map();
    compilations = 0;
    constructor(useDefaults) {
        this.#ajv = createAjv(useDefaults);
    }
    get size() {
        return this.#entries.size;
    }
    compile(schema) {
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
            const [oldestKey, oldest] = this.#entries.entries().next().value;
            this.#entries.delete(oldestKey);
            // ajv keeps its own cache per schema object; drop it too, or the bound means nothing.
            this.#ajv.removeSchema(oldest.schema);
        }
        return validate;
    }
}
const shared = { plain: new SharedCompiler(false), withDefaults: new SharedCompiler(true) };
/**
 * Validates data against plugin-supplied JSON Schemas (draft 2020-12). Compiled validators are
 * shared across every `SchemaValidator` (so across hosts) in the process, keyed by the
 * schema's canonical JSON in a bounded LRU ({@link SCHEMA_CACHE_SIZE} per mode); each instance
 * also remembers the validator of each schema object it has seen, so the hot path does not
 * serialise the schema. Not strict: plugin authors may annotate their schemas with keywords of
 * their own.
 */
export class SchemaValidator {
    #cache = new WeakMap();
    #defaultsCache = new WeakMap();
    /** The counters of the process-wide cache. */
    static cacheStats() {
        return {
            size: shared.plain.size + shared.withDefaults.size,
            compilations: shared.plain.compilations + shared.withDefaults.compilations,
        };
    }
    /**
     * Throws `VALIDATION_FAILED` naming `what` unless `value` matches `schema`. With
     * `applyDefaults` the value (which must be a fresh copy) is filled with schema defaults.
     */
    assert(schema, value, options) {
        const errors = this.errors(schema, value, options.applyDefaults === true);
        if (errors === undefined)
            return;
        const detail = formatErrors(errors);
        const plugin = options.plugin === undefined ? {} : { plugin: options.plugin };
        if (options.code === 'CONFIG_INVALID')
            throw createError('CONFIG_INVALID', { detail }, plugin);
        throw createError('VALIDATION_FAILED', { what: options.what, detail }, plugin);
    }
    /** The validation errors, or undefined when `value` matches. */
    errors(schema, value, applyDefaults = false) {
        const validate = this.#compile(schema, applyDefaults);
        return validate(value) ? undefined : (validate.errors ?? []);
    }
    #compile(schema, applyDefaults) {
        const cache = applyDefaults ? this.#defaultsCache : this.#cache;
        let validate = cache.get(schema);
        if (validate === undefined) {
            try {
                validate = (applyDefaults ? shared.withDefaults : shared.plain).compile(schema);
            }
            catch (error) {
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
function createAjv(useDefaults) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, useDefaults, addUsedSchema: false });
    addFormats(ajv);
    return ajv;
}
/** JSON with object keys sorted at every level: equal schemas give equal strings. */
function canonicalJson(value) {
    return JSON.stringify(value, (_key, v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v))
            return v;
        const sorted = {};
        for (const k of Object.keys(v).sort()) {
            Object.defineProperty(sorted, k, {
                value: v[k],
                enumerable: true,
            });
        }
        return sorted;
    });
}
/** Formats ajv errors as `/path must be ...; /other must ...`. */
export function formatErrors(errors) {
    if (errors.length === 0)
        return 'it does not match';
    return errors
        .map((e) => {
        const where = e.instancePath === '' ? '(root)' : e.instancePath;
        const extra = e.keyword === 'additionalProperties'
            ? ` ("${String(e.params.additionalProperty)}")`
            : '';
        return `${where} ${e.message ?? 'is invalid'}${extra}`;
    })
        .join('; ');
}
//# sourceMappingURL=schema-validator.js.map