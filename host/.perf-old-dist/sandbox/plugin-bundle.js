import { readFile } from 'node:fs/promises';
import { init, parse } from 'es-module-lexer';
/** Name the default export is bound to in the evaluated script (refused in sources). */
const DEFAULT_BINDING = '$__stackPluginDefault__';
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
export async function compilePluginBundle(source, file = 'plugin bundle') {
    await init;
    if (source.includes(DEFAULT_BINDING))
        throw new Error(`${file} uses the reserved name ${DEFAULT_BINDING}`);
    let imports;
    let exports;
    try {
        [imports, exports] = parse(source, file);
    }
    catch (error) {
        throw new Error(`${file} is not valid ESM: ${error.message}`, { cause: error });
    }
    for (const entry of imports) {
        const kind = entry.d === -2
            ? 'import.meta'
            : entry.d >= 0
                ? 'a dynamic import()'
                : `an import of "${entry.n}"`;
        throw new Error(`${file} contains ${kind}; a sandboxed plugin must be one self-contained bundle (build it with \`stack-plugin build\`)`);
    }
    const edits = [];
    const statements = new Set();
    let defaultLocal;
    for (const entry of exports) {
        const clause = /^export\s*\{/.test(source.slice(entry.ss));
        if (clause) {
            if (entry.n === 'default')
                defaultLocal = entry.ln;
            if (statements.has(entry.ss))
                continue;
            statements.add(entry.ss);
            const close = source.indexOf('}', entry.ss);
            const end = source[close + 1] === ';' ? close + 2 : close + 1;
            edits.push({ start: entry.ss, end, text: '' });
        }
        else if (entry.n === 'default') {
            if (entry.ln !== undefined) {
                defaultLocal = entry.ln;
                edits.push({ start: entry.ss, end: entry.e, text: '' });
            }
            else {
                defaultLocal = DEFAULT_BINDING;
                edits.push({ start: entry.ss, end: entry.e, text: `const ${DEFAULT_BINDING} =` });
            }
        }
        else if (!statements.has(entry.ss)) {
            statements.add(entry.ss);
            edits.push({ start: entry.ss, end: entry.ss + 'export'.length, text: '' });
        }
    }
    if (defaultLocal === undefined) {
        throw new Error(`${file} has no default export; export the definePlugin({...}) result as default`);
    }
    edits.sort((a, b) => b.start - a.start);
    let body = source;
    for (const edit of edits)
        body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
    return `(async function () {\n${body}\n;return ${defaultLocal};\n})`;
}
/** Reads a plugin's entry file and compiles it with {@link compilePluginBundle}. */
export async function loadPluginBundle(entry) {
    return compilePluginBundle(await readFile(entry, 'utf8'), entry);
}
//# sourceMappingURL=plugin-bundle.js.map