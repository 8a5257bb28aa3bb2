import { type ErrorObject } from 'ajv/dist/2020.js';
/** How many compiled validators the process keeps per mode (with and without defaults). */
export declare const SCHEMA_CACHE_SIZE = 512;
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
export declare class SchemaValidator {
    #private;
    /** The counters of the process-wide cache. */
    static cacheStats(): SchemaCacheStats;
    /**
     * Throws `VALIDATION_FAILED` naming `what` unless `value` matches `schema`. With
     * `applyDefaults` the value (which must be a fresh copy) is filled with schema defaults.
     */
    assert(schema: object, value: unknown, options: {
        what: string;
        plugin?: string;
        code?: 'VALIDATION_FAILED' | 'CONFIG_INVALID';
        applyDefaults?: boolean;
    }): void;
    /** The validation errors, or undefined when `value` matches. */
    errors(schema: object, value: unknown, applyDefaults?: boolean): ErrorObject[] | undefined;
}
/** Formats ajv errors as `/path must be ...; /other must ...`. */
export declare function formatErrors(errors: readonly ErrorObject[]): string;
//# sourceMappingURL=schema-validator.d.ts.map