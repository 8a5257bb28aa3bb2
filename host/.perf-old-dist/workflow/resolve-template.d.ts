/** Values placeholders are looked up in, by root name (`steps`, `input`, `env`, `config`, ...). */
export type TemplateScope = Readonly<Record<string, unknown>>;
/** Options of {@link resolveTemplate}. */
export interface ResolveTemplateOptions {
    /**
     * What a placeholder whose path has no value becomes: `error` (default) throws
     * `TEMPLATE_UNRESOLVED`; `undefined` yields `undefined` for a whole-string placeholder and
     * an empty string inside a longer string.
     */
    readonly onMissing?: 'error' | 'undefined';
}
/** Resolves the placeholders in a value; {@link resolveTemplate} is the default. */
export type TemplateResolver = (value: unknown, scope: TemplateScope, options?: ResolveTemplateOptions) => unknown;
/**
 * Replaces `${root.path.to.value}` placeholders in `value`, walking arrays and plain objects
 * and leaving other values untouched. A string that is exactly one placeholder becomes the
 * looked-up value with its type (object, number, ...); placeholders inside a longer string are
 * interpolated (objects as JSON). `$${...}` yields a literal `${...}`. Keys that contain dots
 * are found too (`${steps.notes.fetch.output}` reads step `notes.fetch`), longest key first.
 *
 * Lookups only follow own properties, so `${steps.__proto__}` or `constructor` paths never
 * reach prototypes. Numeric segments index arrays: `${steps.a.output.items.0}`.
 *
 * @example
 * ```ts
 * import { resolveTemplate } from '@stack-plugin/host';
 *
 * const scope = { steps: { build: { output: { id: 7, tag: 'v1' } } } };
 * const input = { id: '${steps.build.output.id}', note: 'built ${steps.build.output.tag}' };
 * resolveTemplate(input, scope);
 * // -> { id: 7, note: 'built v1' }
 * ```
 */
export declare function resolveTemplate(value: unknown, scope: TemplateScope, options?: ResolveTemplateOptions): unknown;
/**
 * The placeholder paths used in `value` (e.g. `steps.build.output.id`), escaped ones excluded.
 * Lets a workflow check, before running, that every referenced step is a dependency.
 */
export declare function listTemplateReferences(value: unknown): string[];
//# sourceMappingURL=resolve-template.d.ts.map