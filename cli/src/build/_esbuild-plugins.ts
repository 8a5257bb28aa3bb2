import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** Name of the plugin whose warnings mark Node built-in imports (read back by the build). */
export const BUILTINS_PLUGIN = 'stack-plugin:node-builtins';

/** What {@link nodeBuiltinsPlugin} attaches to each warning it returns. */
export interface BuiltinImportDetail {
  readonly specifier: string;
  readonly kind: string;
}

const SKIP = Symbol('stack-plugin:resolving');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const bareBuiltins = builtinModules.filter(
  (name) => !name.startsWith('node:') && !name.startsWith('_'),
);
const BARE = new RegExp(`^(?:${bareBuiltins.map(escapeRegExp).join('|')})(?:/|$)`);

/**
 * Keeps imports of Node built-ins out of the bundle (marks them external) and records where
 * each one is, as a warning carrying the import's location. Whether one is an error is only
 * known after tree-shaking: the build checks which of them are still in the output.
 * A bare name like `events` is a built-in only when no npm package of that name resolves
 * (browser-friendly libraries depend on such polyfills).
 */
export function nodeBuiltinsPlugin(): Plugin {
  return {
    name: BUILTINS_PLUGIN,
    setup(build) {
      const mark = (specifier: string, kind: string) => ({
        path: specifier,
        external: true,
        warnings: [{ text: specifier, detail: { specifier, kind } satisfies BuiltinImportDetail }],
      });
      build.onResolve({ filter: /^node:/ }, (args) => mark(args.path, args.kind));
      build.onResolve({ filter: BARE }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        return resolved.errors.length === 0 && !resolved.external
          ? {
              path: resolved.path,
              namespace: resolved.namespace,
              sideEffects: resolved.sideEffects,
            }
          : mark(args.path, args.kind);
      });
    },
  };
}

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Declares the modules of the named packages free of side effects, so a plugin importing
 * `definePlugin` from `@stack-plugin/pdk` gets that function and not the whole contract
 * (manifest validator, integrity checks and their Node built-ins). The packages are known to
 * be pure; `"sideEffects": false` in their package.json would make this unnecessary.
 */
export function pureContractPlugin(packages: readonly string[]): Plugin {
  const names = new RegExp(`^(?:${packages.map(escapeRegExp).join('|')})(?:/|$)`);
  return {
    name: 'stack-plugin:pure-contract',
    setup(build) {
      const roots = new Set<string>();
      const inside = (file: string) => [...roots].some((root) => file.startsWith(root));
      build.onResolve({ filter: /^(?:@|\.)/ }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        const named = names.test(args.path);
        if (!named && !(args.path.startsWith('.') && inside(args.importer))) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        if (named) roots.add(packageRoot(resolved.path, packageName(args.path)));
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
}

/** The folder of the package named `name` that `file` belongs to (found by its package.json). */
function packageRoot(file: string, name: string): string {
  let dir = dirname(file);
  for (let parent = dirname(dir); parent !== dir; dir = parent, parent = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === name) return dir + sep;
    } catch {
      // no package.json here (or an unreadable one): keep walking up
    }
  }
  return dirname(file) + sep;
}
