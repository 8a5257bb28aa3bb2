/**
 * The template set's Handlebars files compiled when the package was bundled, keyed by the
 * {@link sha256} of their source text: `scripts/bundle.ts` replaces this module with the table
 * (see ARCHITECTURE.md, "Packaging"). Empty in the unbundled build, where every file is
 * compiled by node-plop as it is rendered. A source that is not in the table (another template
 * set, an edited file) is compiled the same way.
 */
export const PRECOMPILED: Readonly<Record<string, TemplateSpecification>> = {};

/**
 * The source text of each file in {@link PRECOMPILED} -> its key there, so that the shipped
 * files are found without hashing them (the same key, computed when the package was bundled).
 */
export const PRECOMPILED_KEYS: ReadonlyMap<string, string> = new Map();
