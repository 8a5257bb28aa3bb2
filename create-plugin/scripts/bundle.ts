/**
 * Bundles the scaffolder into dist/bundle/ with esbuild: `main.js` from `src/main.ts`, and the
 * create and add paths it loads lazily (`create.js`, `add.js`, so `--help` still loads only
 * main), each with node-plop, the Handlebars runtime and the pieces of the kit's contract
 * package it uses. One file per path instead of about 50 modules resolved and read one by one
 * at start-up.
 * Runs with plain Node 24 after `tsc -b` (the kit's dist must exist):
 * `npm run bundle -w create-stack-plugin`. The bin uses the bundle when it is there and not older
 * than dist/main.js, and the tsc output otherwise.
 *
 * node-plop is bundled as it is published, with all of its dependencies: nothing is stubbed;
 * inquirer alone is loaded on first use (see `lazyInquirer`).
 */
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = new URL('../', import.meta.url);
const path = (relative: string) => fileURLToPath(new URL(relative, root));
const outdir = path('dist/bundle');

// main.ts reads its version from `../package.json` next to dist/; the bundle sits one folder
// deeper. Fail loudly if the source changes shape rather than ship a bin that cannot start.
const mainFile = path('src/main.ts');
const relocateMain: Plugin = {
  name: 'relocate-main',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]main\.ts$/ }, async (args) => {
      if (args.path !== mainFile) return undefined;
      const source = await readFile(args.path, 'utf8');
      const from = "new URL('../package.json', import.meta.url)";
      if (!source.includes(from)) {
        throw new Error(`src/main.ts no longer contains ${from}: update scripts/bundle.ts`);
      }
      return {
        contents: source.replace(from, "new URL('../../package.json', import.meta.url)"),
        loader: 'ts',
      };
    });
  },
};

// The lazy boundaries of main.ts stay lazy: `--help` and `--version` load main.js alone. Each
// path is one file with everything it needs (a few shared modules are copied into both): one
// file read instead of a chain of shared chunks. Inside a path, dynamic imports (node-plop's
// renderer) are inlined by esbuild and still evaluated only when reached.
const PATHS: Record<string, string> = { './create.js': 'create', './add/add.js': 'add' };
const keepPathsApart: Plugin = {
  name: 'keep-paths-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/(create|add\/add)\.js$/ }, (args) => {
      const name = PATHS[args.path];
      return args.importer === mainFile && name !== undefined
        ? { path: `./${name}.js`, external: true }
        : undefined;
    });
  },
};

// node-plop imports inquirer at the top of its entry for prompts the kit never shows (the
// scaffolder asks with @clack/prompts and hands node-plop finished answers). Evaluating inquirer
// and its prompt modules cost 81 ms of a 566 ms `create` run (CPU profile, 2-core machine,
// Node 24). The real inquirer still backs every use: each export is a deferred reference that
// loads it (Node's require of an ES module, from node-plop's own folder) the first time it is
// called, constructed or read. Nothing is stubbed; only the moment of loading moves.
const LAZY_INQUIRER = `
import { createRequire } from 'node:module';
let real;
const load = () => (real ??= createRequire(import.meta.resolve('node-plop'))('inquirer').default);
const deferred = (name) =>
  new Proxy(function () {}, {
    apply: (_target, self, args) => Reflect.apply(load()[name], self, args),
    construct: (_target, args) => Reflect.construct(load()[name], args),
    get: (_target, key) => load()[name][key],
    has: (_target, key) => key in load()[name],
  });
export default new Proxy({}, { get: (_target, name) => deferred(name) });
`;
const lazyInquirer: Plugin = {
  name: 'lazy-inquirer',
  setup(b) {
    b.onResolve({ filter: /^inquirer$/ }, (args) =>
      /[\\/]node-plop[\\/]/.test(args.importer)
        ? { path: 'inquirer', namespace: 'lazy-inquirer' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-inquirer' }, () => ({
      contents: LAZY_INQUIRER,
      loader: 'js',
      resolveDir: path('.'),
    }));
  },
};

// The command-line kit is small and has no state: inlined, it is evaluated only on the path
// that reaches it (`--help` in main.js), where an external import would load it (six modules)
// on every start, `--version` included. The other entries of the contract package stay
// external: its error classes must be one copy for `instanceof` to hold across them.
const inlineCliKit: Plugin = {
  name: 'inline-cli-kit',
  setup(b) {
    b.onResolve({ filter: /^@stack-plugin\/pdk\/cli-kit$/ }, (args) => ({
      path: fileURLToPath(import.meta.resolve(args.path)),
    }));
  },
};

await rm(outdir, { recursive: true, force: true });
const entries = { main: mainFile, create: path('src/create.ts'), add: path('src/add/add.ts') };
for (const [name, entry] of Object.entries(entries)) {
  const result = await build({
    entryPoints: { [name]: entry },
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
    // Loaded from node_modules when reached. Validation (add path) reads the JSON schema next
    // to pdk's dist; the project's own @stack-plugin/cli is found at run time; @clack/prompts
    // runs only at a terminal, and inlined it made every non-interactive run slower (about
    // 100 KiB more to load for nothing).
    external: [
      '@stack-plugin/pdk',
      '@stack-plugin/pdk/validate',
      '@stack-plugin/cli',
      '@clack/prompts',
    ],
    plugins: [keepPathsApart, relocateMain, lazyInquirer, inlineCliKit],
    legalComments: 'none',
    // node-plop's CommonJS dependencies (handlebars, inquirer's) require Node built-ins, which
    // an ES module bundle can only do through a `require` of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    metafile: true,
  });
  for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
    console.log(`wrote ${file} (${Math.round(bytes / 1024)} KiB)`);
  }
}
