import { relative, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import type { BuildFailure, BuildOptions, Message, Metafile } from 'esbuild';
import { loadTool } from '../_load-tool.js';
import { cliErrors } from '../cli-errors.js';
import {
  BUILTINS_PLUGIN,
  type BuiltinImportDetail,
  nodeBuiltinsPlugin,
  pureContractPlugin,
} from './_esbuild-plugins.js';
import type { SourceMapJson } from './_source-map-lookup.js';
import type { BuildEntry } from './resolve-build-entry.js';

/** What bundling produced, before the sandbox checks and before anything is written. */
export interface BundleOutput {
  readonly code: string;
  readonly map: SourceMapJson & { readonly [key: string]: unknown };
  readonly mapText: string;
  /** Modules whose code is in the bundle, relative to the plugin folder (not tree-shaken away). */
  readonly contributing: readonly string[];
  /** Imports still in the bundle (all external: Node built-ins). */
  readonly imports: Metafile['outputs'][string]['imports'];
  /** Where each Node built-in was imported, from the resolver. */
  readonly builtinSites: ReadonlyArray<
    BuiltinImportDetail & { readonly file: string; readonly line: number; readonly column: number }
  >;
  /** Other esbuild warnings. */
  readonly warnings: readonly Message[];
  /** Options shared with the analysis pass. */
  readonly options: Pick<BuildOptions, 'target' | 'define' | 'tsconfig'>;
}

/** The JavaScript version bundles target: what Node 22 and every current sandbox realm run. */
export const BUILD_TARGET = 'es2023';

/** Packages bundled as side-effect free (see `pureContractPlugin`). */
const PURE_PACKAGES = ['@stack-plugin/pdk'];

/** `file:line:column` of an esbuild message (column 1-based, as editors count). */
export function formatLocation(message: Pick<Message, 'location'>, fallback: string): string {
  const l = message.location;
  return l === null ? fallback : `${l.file}:${l.line}:${l.column + 1}`;
}

function describeMessages(messages: readonly Message[]): string {
  return messages
    .map((m) => {
      const code = m.location?.lineText ? `\n    ${m.location.lineText.trim()}` : '';
      return `${formatLocation(m, '(no location)')}: ${m.text}${code}`;
    })
    .join('\n');
}

/**
 * Bundles the plugin's source entry with esbuild into one ESM file for the neutral platform:
 * everything imported is inlined, Node built-ins stay external (so the build can report
 * where they are instead of failing to resolve them). Syntax and resolution errors become
 * `BUILD_FAILED` naming the first one's `file:line:column`.
 */
export async function bundle(
  dir: string,
  entry: BuildEntry,
  options: { readonly minify: boolean },
  plugin: string | undefined,
): Promise<BundleOutput> {
  const { build } = await loadTool('esbuild', 'build', () => import('esbuild'));
  const shared = {
    target: BUILD_TARGET,
    // Libraries pick their production path on this; nothing else of `process` is provided.
    define: { 'process.env.NODE_ENV': '"production"' },
  } satisfies Pick<BuildOptions, 'target' | 'define'>;
  const outfile = resolve(dir, entry.outfile);
  let result: Awaited<ReturnType<typeof build<{ write: false; metafile: true }>>>;
  try {
    result = await build({
      ...shared,
      absWorkingDir: dir,
      entryPoints: [resolve(dir, entry.source)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      minify: options.minify,
      sourcemap: 'external',
      sourcesContent: true,
      legalComments: 'eof',
      charset: 'utf8',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [nodeBuiltinsPlugin(), pureContractPlugin(PURE_PACKAGES)],
    });
  } catch (error) {
    const errors = (error as Partial<BuildFailure>).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    const [first] = errors as [Message, ...Message[]];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw createError(
      cliErrors.BUILD_FAILED,
      {
        ...(plugin === undefined ? {} : { plugin }),
        location: formatLocation(first, entry.source),
        detail: `${first.text}${more}`,
      },
      { plugin, cause: new Error(describeMessages(errors)) },
    );
  }
  const code = result.outputFiles.find((f) => f.path === outfile)?.text ?? '';
  const mapText = result.outputFiles.find((f) => f.path === `${outfile}.map`)?.text ?? '{}';
  const output = result.metafile.outputs[relative(dir, outfile).split('\\').join('/')];
  const builtinSites = result.warnings
    .filter((w) => w.pluginName === BUILTINS_PLUGIN)
    .map((w) => ({
      ...(w.detail as BuiltinImportDetail),
      file: w.location?.file ?? '',
      line: w.location?.line ?? 1,
      column: w.location?.column ?? 0,
    }));
  return {
    code,
    map: JSON.parse(mapText),
    mapText,
    contributing: Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
    imports: output?.imports ?? [],
    builtinSites,
    warnings: result.warnings.filter((w) => w.pluginName !== BUILTINS_PLUGIN),
    options: shared,
  };
}
