import { resolve } from 'node:path';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import { resolveEntry } from './_resolve-entry.js';
import type { ManifestIssue } from './manifest-issue.js';
import type { Manifest } from './manifest-schema.js';
import { validatePluginFiles } from './validate-plugin-dir.js';

/** A validated plugin package, as hosts and tools load it. */
export interface PluginPackage {
  /** Absolute path of the package folder. */
  dir: string;
  /** npm package name. */
  name: string;
  /** npm package version. */
  version: string;
  /** package.json description, if any. */
  description?: string;
  /** The validated manifest. */
  manifest: Manifest;
  /** The parsed package.json. */
  packageJson: Record<string, unknown>;
  /** Absolute path of the entry module. */
  entry: string;
  /** Warnings found while validating (never errors: those throw). */
  warnings: ManifestIssue[];
}

/**
 * Read and validate a plugin package folder without running its code.
 *
 * @throws {@link StackPluginError} `MANIFEST_NOT_FOUND` when there is no stack-plugin.json,
 * `MANIFEST_INVALID` listing every error (code, file, path, message) otherwise.
 */
export async function readPluginPackage(dir: string): Promise<PluginPackage> {
  const absolute = resolve(dir);
  // The documents validation parsed are the ones used: one read of each file, no second
  // read that could see a file changed since it was checked.
  const { report, manifest, packageJson: pkgJson } = validatePluginFiles(absolute);
  if (report.issues.some((i) => i.code === 'MANIFEST_MISSING')) {
    throw createError(pdkErrors.MANIFEST_NOT_FOUND, { dir: absolute });
  }
  // A missing entry is only a warning while authoring (nothing built yet), but a package
  // being loaded must have its code. A host range no known host satisfies is left to the
  // host, whose HOST_INCOMPATIBLE names its own API version.
  const issues = report.issues.filter(
    (i) =>
      (i.severity === 'error' && i.code !== 'HOST_RANGE_UNSATISFIABLE') ||
      i.code === 'ENTRY_NOT_FOUND',
  );
  if (issues.length > 0) {
    const name = (pkgJson as { name?: unknown } | null | undefined)?.name;
    const plugin = typeof name === 'string' ? name : undefined;
    throw createError(
      pdkErrors.MANIFEST_INVALID,
      { plugin: plugin ?? absolute, issues },
      plugin === undefined ? {} : { plugin },
    );
  }
  const packageJson = pkgJson as Record<string, unknown>;
  const entry = resolveEntry(manifest, packageJson);
  const result: PluginPackage = {
    dir: absolute,
    name: String(packageJson.name),
    version: String(packageJson.version),
    manifest: manifest as Manifest,
    packageJson,
    entry: resolve(absolute, entry.relative),
    warnings: report.issues,
  };
  if (typeof packageJson.description === 'string') result.description = packageJson.description;
  return result;
}
