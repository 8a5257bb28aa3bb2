/**
 * How the bundle (scripts/bundle.ts) takes Node's built-in modules: by
 * `process.getBuiltinModule`, reading only what it uses.
 */
import { builtinModules, createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

/** Node's built-in modules, with and without `node:`. */
export const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// Node's built-in modules by `process.getBuiltinModule` (Node 20.16+, 22.3+), not by ES
// `import`: for an `import`, Node builds a module namespace that reads every export of the
// built-in, and for `node:fs` that loads its streams, unused here (a few milliseconds of every
// run); see `builtinModule` for what takes its place.
// `node:fs/promises` is loaded on its first call: the create path calls none of it (its file
// operations are synchronous) and loading it costs about 1.5 ms. Every export is a function,
// but `constants`, which is `fs.constants`; the build fails if that changes.
function lazyFsPromises(): string {
  const real = createRequire(import.meta.url)('node:fs/promises') as Record<string, unknown>;
  const lines = [
    "let real;\nconst load = () => (real ??= process.getBuiltinModule('node:fs/promises'));",
  ];
  for (const [name, value] of Object.entries(real)) {
    if (name === 'constants') {
      lines.push("export const constants = process.getBuiltinModule('node:fs').constants;");
    } else if (typeof value === 'function') {
      lines.push(`export const ${name} = (...args) => load().${name}(...args);`);
    } else {
      throw new Error(`node:fs/promises exports ${name}, not a function: update lazyFsPromises`);
    }
  }
  lines.push('export default new Proxy({}, { get: (_target, key) => load()[key] });');
  return `${lines.join('\n')}\n`;
}
// An ES `import` of a built-in becomes an ES module with one export per name the built-in has,
// each read from the built-in when its importer is first evaluated, marked pure so that esbuild
// drops the ones nothing imports (a getter such as `fs.promises` is then never read). A `require` gets
// the built-in itself, as a CommonJS module. (A CommonJS module that the bundle imports by
// name would cost a copy of every export of the built-in per importing module, about a
// hundred property definitions for `node:fs`, on every run.)
function builtinModule(specifier: string): string {
  if (/^(node:)?fs\/promises$/.test(specifier)) return lazyFsPromises();
  const real = createRequire(import.meta.url)(specifier) as object;
  const names = Object.getOwnPropertyNames(real).filter(
    (name) => /^[A-Za-z_][\w$]*$/.test(name) && name !== 'default',
  );
  return [
    `const $$builtin = process.getBuiltinModule(${JSON.stringify(specifier)});`,
    'const $$read = (name) => $$builtin[name];',
    'export default $$builtin;',
    ...names.map(
      (name) => `export const ${name} = /* @__PURE__ */ $$read(${JSON.stringify(name)});`,
    ),
    '',
  ].join('\n');
}
/** The esbuild plugin that takes built-ins as described above. */
export const builtinsByGetter: Plugin = {
  name: 'builtins-by-getter',
  setup(b) {
    b.onResolve({ filter: /^[\w:/]+$/ }, (args) =>
      builtins.has(args.path)
        ? {
            path: args.path,
            namespace: args.kind === 'import-statement' ? 'builtin-esm' : 'builtin',
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-esm' }, (args) => ({
      contents: builtinModule(args.path),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: /^(node:)?fs\/promises$/.test(args.path)
        ? lazyFsPromises()
        : `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
