/**
 * Turns a self-contained ESM plugin bundle (what `stack-plugin build` emits) into a script a
 * SES `Compartment` can evaluate: an async function expression that runs the module body and
 * resolves with the default export.
 *
 * Why not full ESM in the Compartment: SES only parses modules through `@endo/module-source`,
 * which needs Babel (megabytes, tens of milliseconds per sandbox). A single-file bundle has no
 * imports to link, so removing its `export` syntax is all the linking there is. The rewrite is
 * positional (from es-module-lexer, which understands strings, comments and regexes):
 * - `export default <expr>` binds the expression; `export default function f() {}` keeps the
 *   declaration and exports `f`;
 * - `export { a as default, b }` is removed and `a` exported;
 * - `export const|let|var|function|class` loses its `export` keyword.
 * Anything that would need linking (`import`, `export ... from`, `import()`, `import.meta`)
 * is refused with a message saying so. Named exports other than `default` are ignored.
 * SES itself refuses sources that contain `import(` or HTML comment tokens, even in strings.
 */
export declare function compilePluginBundle(source: string, file?: string): Promise<string>;
/** Reads a plugin's entry file and compiles it with {@link compilePluginBundle}. */
export declare function loadPluginBundle(entry: string): Promise<string>;
//# sourceMappingURL=plugin-bundle.d.ts.map