/**
 * `${...}` references in configuration and workflow values:
 * - `${env.NAME}`: an environment variable (the host's env, not the plugin's permissions);
 * - `${config.a.b}`: another value of the same resolved configuration;
 * - `${steps.<id>.output.<key>}`: a previous workflow step's output.
 * A string that is exactly one reference keeps the referenced value's type (a number stays a
 * number); a reference inside a longer string is interpolated as text. `$${` writes a literal `${`.
 */
/** Values references are resolved against; a missing root makes its references errors. */
export interface TemplateScope {
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly config?: unknown;
    readonly steps?: Readonly<Record<string, {
        readonly output?: unknown;
    }>>;
}
/** Thrown for a reference that cannot be resolved; `reference` is the text inside `${}`. */
export declare class TemplateError extends Error {
    readonly reference: string;
    constructor(reference: string, reason: string);
}
/** Resolves one reference such as `env.HOME` or `steps.fetch.output.count`. */
export declare function resolveReference(reference: string, scope: TemplateScope, depth?: number): unknown;
/** Resolves every reference in a string. */
export declare function substituteString(text: string, scope: TemplateScope, depth?: number): unknown;
/** Resolves every reference in every string of a JSON-like value (a new value is returned). */
export declare function substituteTemplates<T>(value: T, scope: TemplateScope): T;
//# sourceMappingURL=substitute-templates.d.ts.map