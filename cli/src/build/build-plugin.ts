import { readFile, rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import {
  createError,
  MANIFEST_FILE,
  type ManifestIssue,
  pdkErrors,
  validatePluginDir,
} from '@stack-plugin/pdk';
import { writeAtomically } from '../_write-atomically.js';
import { cliErrors } from '../cli-errors.js';
import { generatePluginTypes } from '../typegen/generate-plugin-types.js';
import { bundle } from './_bundle.js';
import { type BundleFinding, findNodeGlobals, scanBundle } from './_check-bundle.js';
import { resolveBuildEntry } from './resolve-build-entry.js';

/** Options of {@link buildPlugin}. */
export interface BuildPluginOptions {
  /** Minify the bundle (whitespace, syntax and identifiers). */
  readonly minify?: boolean;
  /** Also write `<outfile>.map` and link it from the bundle. */
  readonly sourcemap?: boolean;
}

/** A file the build wrote. */
export interface BuildFile {
  /** Path relative to the plugin folder, with `/` separators. */
  readonly path: string;
  readonly bytes: number;
}

/** Something worth knowing that did not stop the build. */
export interface BuildWarning {
  /** A manifest issue code (`PACKAGE_ENGINES_MISSING`) or an esbuild warning id. */
  readonly code: string;
  readonly message: string;
  /** `file:line:column` for code, `file#/json/pointer` for the manifest and package.json. */
  readonly location?: string;
}

/** What {@link buildPlugin} did. */
export interface BuildResult {
  /** The package name, when package.json has one. */
  readonly plugin: string | undefined;
  /** The plugin folder (absolute). */
  readonly dir: string;
  /** The source entry bundled, relative to `dir`. */
  readonly entry: string;
  /** The bundle written, relative to `dir`: what hosts load. */
  readonly outfile: string;
  /** Every file written, the bundle first. */
  readonly files: readonly BuildFile[];
  /** Bytes of the bundle itself. */
  readonly bytes: number;
  /** Modules whose code ended up in the bundle: the plugin's own and its dependencies'. */
  readonly modules: { readonly own: number; readonly dependencies: number };
  /** The declaration file `stack-plugin typegen` maintains, and whether it was rewritten. */
  readonly typegen: { readonly file: string; readonly written: boolean };
  readonly warnings: readonly BuildWarning[];
  /** Wall time of the whole build, typegen and validation included. */
  readonly durationMs: number;
}

/** Whether a path (relative to the plugin folder) is the plugin's own code. */
const isOwn = (path: string) =>
  !path.startsWith('..') &&
  !/^[/\\]|^[A-Za-z]:/.test(path) &&
  !/(?:^|[/\\])node_modules[/\\]/.test(path);

const VERBS: Readonly<Record<string, string>> = {
  'require-call': 'requires',
  'require-resolve': 'resolves',
  'dynamic-import': 'dynamically imports',
};

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Stops the build on manifest and package.json errors. */
function assertBuildable(issues: readonly ManifestIssue[], dir: string, plugin?: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.some((i) => i.code === 'MANIFEST_MISSING')) {
    throw createError(pdkErrors.MANIFEST_NOT_FOUND, { dir }, { plugin });
  }
  if (errors.length === 0) return;
  throw createError(pdkErrors.MANIFEST_INVALID, {
    ...(plugin === undefined ? {} : { plugin }),
    issues: errors,
  });
}

function findingError(findings: readonly BundleFinding[], plugin?: string): Error {
  // The plugin's own code first: that is what its author can change.
  const sorted = [...findings].sort((a, b) => Number(isOwn(b.file)) - Number(isOwn(a.file)));
  const [first] = sorted as [BundleFinding, ...BundleFinding[]];
  const at = (f: BundleFinding) => `${f.file}:${f.line}:${f.column + 1}`;
  const others = sorted.slice(1, 4).map((f) => `${at(f)} ${f.what}`);
  const more =
    sorted.length > 1
      ? ` (and ${sorted.length - 1} more: ${others.join('; ')}${sorted.length > 4 ? '; ...' : ''})`
      : '';
  return createError(cliErrors[first.code], {
    ...(plugin === undefined ? {} : { plugin }),
    location: at(first),
    what: first.what,
    more,
  });
}

/**
 * Build a plugin for every host: validate its manifest and package.json, regenerate its
 * types, bundle its source entry (package.json `exports` "." `source`, else `src/index.ts`)
 * into the one ESM file its manifest or package.json names as entry (e.g. `dist/index.js`),
 * then check that a `limited` or `strict` sandbox can run it: no Node built-ins, `require`,
 * `process` or dynamic `import()`, nothing its loader refuses. Nothing is written unless
 * every check passes.
 *
 * Throws `MANIFEST_NOT_FOUND`, `MANIFEST_INVALID`, `BUILD_ENTRY_NOT_FOUND`, `BUILD_FAILED`
 * (syntax or resolution errors, at `file:line:column`), `BUILD_FORBIDDEN_IMPORT` or
 * `BUILD_SANDBOX_INCOMPATIBLE`.
 *
 * @example
 * ```ts
 * import { buildPlugin } from '@stack-plugin/cli';
 *
 * const result = await buildPlugin('packages/my-plugin', { sourcemap: true });
 * console.log(`${result.outfile}: ${result.bytes} bytes`);
 * ```
 */
export async function buildPlugin(
  dir: string,
  options: BuildPluginOptions = {},
): Promise<BuildResult> {
  const started = performance.now();
  const root = resolve(dir);
  const packageJson = await readJson(join(root, 'package.json'));
  const name = (packageJson as { name?: unknown } | undefined)?.name;
  const plugin = typeof name === 'string' ? name : undefined;
  // A missing entry file is what this build is about to write: neither error nor warning here.
  const issues = (await validatePluginDir(root)).issues.filter((i) => i.code !== 'ENTRY_NOT_FOUND');
  assertBuildable(issues, root, plugin);
  const typegen = await generatePluginTypes(root);
  const manifest = await readJson(join(root, MANIFEST_FILE));
  const entry = await resolveBuildEntry(root, manifest, packageJson, plugin);
  const output = await bundle(root, entry, { minify: options.minify === true }, plugin);

  const outfile = resolve(root, entry.outfile);
  const findings: BundleFinding[] = [];
  for (const specifier of new Set(output.imports.map((i) => i.path))) {
    // Where it is imported from code that made it into the bundle, when that is known.
    const all = output.builtinSites.filter((s) => s.specifier === specifier);
    const kept = all.filter((s) => output.contributing.includes(s.file));
    const sites = kept.length > 0 ? kept : all;
    if (sites.length === 0) {
      sites.push({ specifier, kind: '', file: entry.source, line: 1, column: 0 });
    }
    for (const { kind, file, line, column } of sites) {
      const what = `${VERBS[kind] ?? 'imports'} the Node built-in "${specifier}"`;
      findings.push({ code: 'BUILD_FORBIDDEN_IMPORT', what, file, line, column });
    }
  }
  if (findings.length === 0) {
    const own = output.contributing.filter(
      (input) => isOwn(input) && /\.[cm]?[jt]sx?$/.test(input),
    );
    findings.push(...(await findNodeGlobals(own, root, output.options)));
  }
  if (findings.length === 0) findings.push(...scanBundle(output.code, output.map, outfile, root));
  if (findings.length > 0) throw findingError(findings, plugin);

  const mapFile = `${outfile}.map`;
  const text = options.sourcemap
    ? `${output.code}//# sourceMappingURL=${basename(mapFile)}\n`
    : output.code;
  await writeAtomically(outfile, text, { createFolder: true });
  // A map left by an earlier --sourcemap build would describe another bundle.
  if (options.sourcemap) await writeAtomically(mapFile, output.mapText);
  else await rm(mapFile, { force: true });
  const shown = (file: string) => relative(root, file).split('\\').join('/');
  const files: BuildFile[] = [{ path: shown(outfile), bytes: Buffer.byteLength(text) }];
  if (options.sourcemap)
    files.push({ path: shown(mapFile), bytes: Buffer.byteLength(output.mapText) });

  const warnings: BuildWarning[] = [
    ...issues
      .filter((i) => i.severity === 'warning')
      .map((i) => ({ code: i.code, message: i.message, location: `${i.file}#${i.path}` })),
    ...output.warnings.map((w) => ({
      code: w.id || 'esbuild',
      message: w.text,
      ...(w.location === null
        ? {}
        : { location: `${w.location.file}:${w.location.line}:${w.location.column + 1}` }),
    })),
  ];
  const ownModules = output.contributing.filter(isOwn).length;
  return {
    plugin,
    dir: root,
    entry: entry.source,
    outfile: shown(outfile),
    files,
    bytes: files[0]?.bytes ?? 0,
    modules: { own: ownModules, dependencies: output.contributing.length - ownModules },
    typegen: { file: shown(typegen.file), written: typegen.written },
    warnings,
    durationMs: Math.round(performance.now() - started),
  };
}
