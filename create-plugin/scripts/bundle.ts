/**
 * Bundles the scaffolder into dist/bundle/ with esbuild, as the published package runs it: with
 * no runtime dependencies, so `npm create stack-plugin` fetches one tarball (as create-vite
 * does). `main.js` from `src/main.ts`, the create and add paths it loads lazily (`create.js`,
 * `add.js`, so `--help` still loads only main), `index.js` (the library entry the kit's CLI
 * imports), and three files loaded on first use only: `plop.js` (node-plop with the full
 * Handlebars: `add` writes with it, `create` needs it only for a template that was not
 * precompiled), `clack.js` (@clack/prompts, at a terminal) and `inquirer.js` (see
 * `deferNodePlopImports`). Everything they import is inlined: node-plop with
 * Handlebars, jsonc-parser, and the pieces of the kit's contract package they use, whose
 * run-time file loads are made static (see `inlinePdk`). The template set is copied beside
 * dist/ (`templates/`), and the licences of every bundled third-party package are collected in
 * `dist/bundle/THIRD-PARTY-LICENSES.txt`.
 * Runs with plain Node 24 after `tsc -b` (the kit's dist must exist):
 * `npm run bundle -w create-stack-plugin`. The bin uses the bundle when it is there and not older
 * than dist/main.js, and the tsc output otherwise.
 *
 * node-plop is bundled as it is published, with all of its dependencies: nothing is stubbed;
 * inquirer and six smaller packages are loaded on first use (see `deferNodePlopImports`).
 */

import { realpathSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtins, builtinsByGetter } from './bundle-builtins.ts';
import { hintCommonJsWrappers } from './hint-eager.ts';
import { writeLicenseNotice } from './license-notice.ts';
import {
  precompiledModule,
  precompileTemplateSet,
  readTemplateSources,
} from './precompile-templates.ts';

const root = new URL('../', import.meta.url);
const path = (relative: string) => fileURLToPath(new URL(relative, root));
const outdir = path('dist/bundle');
// Real paths, as esbuild reports them (the workspace links packages into node_modules).
const pdkDist = realpathSync(
  fileURLToPath(new URL('..', import.meta.resolve('@stack-plugin/pdk/errors'))),
);
const pdkRoot = dirname(pdkDist);
const templatesSource = dirname(
  fileURLToPath(import.meta.resolve('@stack-plugin/templates/package.json')),
);

/**
 * Replaces `from` with `to` in the files `rewrites` names (absolute path -> pairs) as esbuild
 * loads them. A file that no longer contains its `from` fails the bundle: better than shipping a
 * bin that cannot start or reads from where nothing is installed.
 */
function rewriteSources(
  name: string,
  filter: RegExp,
  rewrite: (file: string, source: string) => string | undefined,
): Plugin {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const contents = rewrite(args.path, source);
        if (contents === undefined) return undefined;
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

function replaceOnce(file: string, source: string, from: string, to: string): string {
  if (!source.includes(from)) {
    throw new Error(
      `${relative(path('.'), file)} no longer contains ${from}: update scripts/bundle.ts`,
    );
  }
  return source.replace(from, to);
}

// main.ts reads its version from `../package.json` next to dist/, and run-options.ts finds the
// template set as the installed @stack-plugin/templates; the bundle sits one folder deeper and
// the published package carries its own copy of the templates beside dist/.
const mainFile = path('src/main.ts');
const runOptionsFile = path('src/run-options.ts');
const relocate = rewriteSources(
  'relocate',
  /[\\/]src[\\/](main|run-options)\.ts$/,
  (file, source) => {
    if (file === mainFile) {
      return replaceOnce(
        file,
        source,
        "new URL('../package.json', import.meta.url)",
        "new URL('../../package.json', import.meta.url)",
      );
    }
    if (file === runOptionsFile) {
      return `import { fileURLToPath as __fileURLToPath } from 'node:url';\n${replaceOnce(
        file,
        source,
        "dirname(createRequire(import.meta.url).resolve('@stack-plugin/templates/package.json'))",
        "__fileURLToPath(new URL('../../templates', import.meta.url))",
      )}`;
    }
    return undefined;
  },
);

// The template set's Handlebars files, compiled now instead of on every run (see
// src/precompiled-templates.ts): the set the package ships, copied below from the same folder.
const precompiledFile = path('src/precompiled-templates.ts');
const precompiledSpecs = await precompileTemplateSet(templatesSource);
const templateSources = await readTemplateSources(templatesSource);
// The SHA-256 WebAssembly module's bytes, built now instead of on every run (see
// src/sha256-module.ts).
const sha256ModuleFile = path('src/sha256-module.ts');
const { moduleBytes } = await import('../src/sha256-wasm.ts');
const sha256Module = Buffer.from(moduleBytes()).toString('base64');
const prebuild: Plugin = {
  name: 'prebuild-sha256-module',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]sha256-module\.ts$/ }, (args) =>
      args.path === sha256ModuleFile
        ? {
            contents: `export const SHA256_MODULE = Buffer.from(${JSON.stringify(sha256Module)}, 'base64');\n`,
            loader: 'js',
          }
        : undefined,
    );
  },
};

const precompile: Plugin = {
  name: 'precompile-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]precompiled-templates\.ts$/ }, (args) =>
      args.path === precompiledFile
        ? { contents: precompiledModule(precompiledSpecs, templateSources), loader: 'js' }
        : undefined,
    );
  },
};

// The contract package loads some files at run time by computed paths (its CommonJS
// dependencies on first use, its precompiled validators, its JSON Schema): made static here, so
// esbuild inlines them and they are still evaluated only when first used. Every `lazyRequire`
// call must name a string literal, every validator must be listed: the checks fail the bundle
// otherwise.
const inlinePdk = rewriteSources('inline-pdk', /[\\/]pdk[\\/]dist[\\/].*\.js$/, (file, source) => {
  if (!file.startsWith(pdkDist)) return undefined;
  const name = relative(pdkDist, file).replaceAll('\\', '/');
  if (name === '_lazy-require.js') {
    return 'export function lazyRequire(load) {\n  let loaded;\n  return () => (loaded ??= load());\n}\n';
  }
  if (name === 'manifest/_precompiled-validators.js') {
    const files = [...source.matchAll(/'(\.\.\/\.\.\/schema\/[\w.-]+\.cjs)'/g)].map((m) => m[1]);
    if (files.length === 0) throw new Error(`${name}: no precompiled validator listed`);
    const table = files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify(f)}),`);
    // Its own `require` (from createRequire) would hide the calls from esbuild.
    const own = 'const require = createRequire(import.meta.url);';
    const body = replaceOnce(
      file,
      replaceOnce(file, source, own, ''),
      'require(file)',
      '__validators[file]()',
    );
    return `const __validators = {\n${table.join('\n')}\n};\n${body}`;
  }
  if (name === 'manifest/manifest-json-schema.js') {
    return `import __schema from '../../schema/stack-plugin.schema.json';\n${replaceOnce(
      file,
      source,
      "JSON.parse(readFileSync(new URL('../../schema/stack-plugin.schema.json', import.meta.url), 'utf8'))",
      '__schema',
    )}`;
  }
  if (!source.includes('lazyRequire(')) return undefined;
  const calls = source.match(/\blazyRequire\(/g)?.length ?? 0;
  let literal = 0;
  const contents = source.replace(/\blazyRequire\(\s*'([^']+)'\s*,?\s*\)/g, (_all, id: string) => {
    literal += 1;
    return `lazyRequire(() => require(${JSON.stringify(id)}))`;
  });
  // The import line names lazyRequire once without a call.
  if (literal !== calls) throw new Error(`${name}: a lazyRequire call without a string literal`);
  return contents;
});

// The lazy boundaries of main.ts stay lazy: `--help` and `--version` load main.js alone. Each
// path is one file with everything it needs (a few shared modules are copied into both): one
// file read instead of a chain of shared chunks. Inside a path, dynamic imports (node-plop's
// renderer) are inlined by esbuild and still evaluated only when reached. @clack/prompts runs
// only at a terminal: inlined, it made every non-interactive run slower (about 100 KiB more to
// load for nothing), so it is its own file, imported where the prompt adapter imported it.
const PATHS: Record<string, string> = { './create.js': 'create', './add/add.js': 'add' };
const plopFile = path('src/plop.ts');
const ownSource = path('src');
const keepPathsApart: Plugin = {
  name: 'keep-paths-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/(create|add\/add)\.js$/ }, (args) => {
      const name = PATHS[args.path];
      return args.importer === mainFile && name !== undefined
        ? { path: `./${name}.js`, external: true }
        : undefined;
    });
    b.onResolve({ filter: /^@clack\/prompts$/ }, (args) =>
      args.importer.startsWith(ownSource) ? { path: './clack.js', external: true } : undefined,
    );
    // node-plop with the full Handlebars: `add` needs it, `create` only for a template that was
    // not precompiled, which the shipped set never has.
    b.onResolve({ filter: /^\.\.?\/plop\.js$/ }, (args) =>
      args.importer.startsWith(ownSource) && args.importer !== plopFile
        ? { path: './plop.js', external: true }
        : undefined,
    );
  },
};

// node-plop imports at the top of its modules packages that only some of its features use:
// inquirer for prompts the kit never shows (the scaffolder asks with @clack/prompts and hands
// node-plop finished answers), Handlebars' compiler for templates `create` runs precompiled,
// tinyglobby for `addMany`, resolve for loading plopfiles, isbinaryfile for its `add` action
// (which `add` uses and `create` does not), change-case and title-case for its built-in
// helpers (the templates use none). Evaluating inquirer and its prompt modules cost 81 ms of a
// 566 ms `create` run, the others about 10 ms of a 100 ms one (CPU profiles,
// 2-core machine, Node 24). The real packages still back every use: each export is a deferred
// reference that loads its package the first time it is called, constructed or read. Nothing
// is stubbed; only the moment of loading moves. inquirer is bundled on its own as
// `inquirer.js` (loaded with Node's require of an ES module), the others stay inline, where
// esbuild evaluates a module on its first `require`.
interface Deferred {
  /** Expression that loads the package. */
  readonly load: string;
  /** Named imports; the default import when absent. */
  readonly named?: readonly string[];
  /** Whether reading a property of the default export is deferred too (node-plop reads one). */
  readonly lazyMembers?: boolean;
}
const DEFERRED: Readonly<Record<string, Deferred>> = {
  inquirer: {
    load: "process.getBuiltinModule('node:module').createRequire(import.meta.url)('./inquirer.js').default",
    lazyMembers: true,
  },
  handlebars: { load: "require('handlebars')" },
  resolve: { load: "require('resolve')" },
  tinyglobby: { load: "require('tinyglobby')", named: ['globSync'] },
  isbinaryfile: { load: "require('isbinaryfile')", named: ['isBinaryFileSync'] },
  'change-case': {
    load: "require('change-case')",
    named: [
      'camelCase',
      'snakeCase',
      'dotCase',
      'pathCase',
      'sentenceCase',
      'constantCase',
      'kebabCase',
      'pascalCase',
    ],
  },
  'title-case': { load: "require('title-case')", named: ['titleCase'] },
};
const deferredModule = ({ load, named = [], lazyMembers = false }: Deferred) => {
  const exports =
    named.length > 0
      ? named.map((name) => `export const ${name} = deferred(() => load().${name});`)
      : lazyMembers
        ? [
            'export default new Proxy({}, { get: (_target, name) => deferred(() => load()[name]) });',
          ]
        : ['export default deferred(load);'];
  return `
let real;
const load = () => (real ??= ${load});
const deferred = (get) =>
  new Proxy(function () {}, {
    apply: (_target, self, args) => Reflect.apply(get(), self, args),
    construct: (_target, args) => Reflect.construct(get(), args),
    get: (_target, key) => get()[key],
    set: (_target, key, value) => Reflect.set(get(), key, value),
    has: (_target, key) => key in get(),
  });
${exports.join('\n')}
`;
};
const nodePlopDir = dirname(fileURLToPath(import.meta.resolve('node-plop')));
const deferNodePlopImports: Plugin = {
  name: 'defer-node-plop-imports',
  setup(b) {
    b.onResolve({ filter: /^[\w-]+$/ }, (args) =>
      Object.hasOwn(DEFERRED, args.path) && /[\\/]node-plop[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'deferred' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      contents: deferredModule(DEFERRED[args.path] ?? { load: 'undefined' }),
      loader: 'js',
      // The packages resolve from node-plop, as its own imports would.
      resolveDir: nodePlopDir,
    }));
  },
};

// The published package has no dependencies: an import left to run time that is not Node's
// own or one of the sibling files would fail on every user's machine. (@stack-plugin/cli is
// looked up in the user's project with a computed name, which esbuild does not see.)
function assertSelfContained(metafile: Metafile): void {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || builtins.has(specifier) || /^\.\/[\w-]+\.js$/.test(specifier)) continue;
      throw new Error(
        `${file} imports ${specifier} at run time: bundle it or load it from a sibling`,
      );
    }
  }
}

const resolveFrom = (specifier: string, from: string) => createRequire(from).resolve(specifier);

await rm(outdir, { recursive: true, force: true });
const entries = {
  main: mainFile,
  create: path('src/create.ts'),
  add: path('src/add/add.ts'),
  index: path('src/index.ts'),
  plop: plopFile,
  clack: resolveFrom('@clack/prompts', path('src/prompt-adapter.ts')),
  inquirer: resolveFrom('inquirer', fileURLToPath(import.meta.resolve('node-plop'))),
};
const inputs = new Set<string>();
for (const [name, entry] of Object.entries(entries)) {
  const result = await build({
    entryPoints: { [name]: entry },
    absWorkingDir: path('.'),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // The package's own resolution (pdk's dist), not the `source` condition the tests use.
    conditions: [],
    // ES builds first: jsonc-parser's `main` is a UMD build whose requires esbuild cannot
    // follow.
    mainFields: ['module', 'main'],
    plugins: [
      keepPathsApart,
      relocate,
      inlinePdk,
      deferNodePlopImports,
      precompile,
      prebuild,
      builtinsByGetter,
    ],
    // Collected into one notice file instead (writeLicenseNotice).
    legalComments: 'none',
    // node-plop's CommonJS dependencies (handlebars, inquirer's) require Node built-ins, which
    // an ES module bundle can only do through a `require` of its own.
    banner: {
      js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    metafile: true,
  });
  assertSelfContained(result.metafile);
  // The create path is the one timed against create-vite (issue 15).
  if (name === 'create') await hintCommonJsWrappers(join(outdir, 'create.js'));
  for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
  for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
    console.log(`wrote ${file} (${Math.round(bytes / 1024)} KiB)`);
  }
}

// The template set ships inside the package (its package.json gives the version projects
// record), without the kit's own tooling files.
const templates = path('templates');
await rm(templates, { recursive: true, force: true });
await cp(templatesSource, templates, {
  recursive: true,
  filter: (from) => !/[\\/](node_modules|dist)([\\/]|$)/.test(relative(templatesSource, from)),
});
console.log(
  `copied ${relative(path('.'), templates)}/ from ${relative(path('.'), templatesSource)}`,
);

const notice = await writeLicenseNotice(
  [...inputs].map((input) => join(path('.'), input)),
  join(outdir, 'THIRD-PARTY-LICENSES.txt'),
  pdkRoot,
);
console.log(`wrote dist/bundle/THIRD-PARTY-LICENSES.txt (${notice.length} packages)`);
