import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createError,
  MANIFEST_FILE,
  type Manifest,
  pdkErrors,
  validateManifest,
} from '@stack-plugin/pdk';
import { writeAtomically } from '../_write-atomically.js';
import { readHostCapabilities } from './host-capability-modules.js';
import { PLUGIN_TYPES_FILE, renderPluginTypes } from './render-plugin-types.js';

/** Options of {@link generatePluginTypes}. */
export interface GeneratePluginTypesOptions {
  /** Only compare: never write (for CI, `stack-plugin typegen --check`). */
  readonly check?: boolean;
  /** Output file, relative to the plugin folder. Defaults to `stack-plugin-env.d.ts`. */
  readonly outFile?: string;
}

/** What {@link generatePluginTypes} did. */
export interface GeneratePluginTypesResult {
  /** Absolute path of the declaration file. */
  readonly file: string;
  /** The generated text. */
  readonly content: string;
  /** Whether the file on disk differed from (or lacked) the generated text before the run. */
  readonly stale: boolean;
  /** Whether the file was written in this run. */
  readonly written: boolean;
}

async function readJson(file: string, what: string, plugin?: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT' && what === MANIFEST_FILE) {
      throw createError(pdkErrors.MANIFEST_NOT_FOUND, { dir: resolve(file, '..') }, { cause });
    }
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw createError(
      pdkErrors.MANIFEST_INVALID,
      { ...(plugin === undefined ? {} : { plugin }), detail: `${what} cannot be read` },
      { cause },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw createError(
      pdkErrors.MANIFEST_INVALID,
      {
        ...(plugin === undefined ? {} : { plugin }),
        detail: `${what} is not valid JSON (${(cause as Error).message})`,
      },
      { cause },
    );
  }
}

/**
 * Generate the plugin's declaration file from its `stack-plugin.json`: `ctx.config`, the
 * capabilities on `ctx` and the contribution types of `definePlugin` then follow the manifest.
 * Writes only when the content changed (so watchers and incremental builds stay quiet).
 * Throws `MANIFEST_NOT_FOUND`, or `MANIFEST_INVALID` when the manifest has errors (package.json
 * problems and a missing entry file do not block typegen: it runs before the build).
 *
 * @example
 * ```ts
 * import { generatePluginTypes } from '@stack-plugin/cli';
 *
 * // in a plugin's build or test set-up
 * await generatePluginTypes(process.cwd());
 * ```
 */
export async function generatePluginTypes(
  dir: string,
  options: GeneratePluginTypesOptions = {},
): Promise<GeneratePluginTypesResult> {
  const root = resolve(dir);
  const packageJson = await readJson(join(root, 'package.json'), 'package.json');
  const plugin =
    typeof (packageJson as { name?: unknown } | undefined)?.name === 'string'
      ? (packageJson as { name: string }).name
      : undefined;
  const manifest = await readJson(join(root, MANIFEST_FILE), MANIFEST_FILE, plugin);
  const report = validateManifest({
    manifest,
    packageJson: packageJson ?? {},
    fileExists: () => true,
  });
  const errors = report.issues.filter((i) => i.severity === 'error' && i.file === MANIFEST_FILE);
  if (errors.length > 0) {
    throw createError(pdkErrors.MANIFEST_INVALID, {
      ...(plugin === undefined ? {} : { plugin }),
      issues: errors,
    });
  }
  const file = join(root, options.outFile ?? PLUGIN_TYPES_FILE);
  const hostCapabilities = await readHostCapabilities(root, packageJson);
  const content = renderPluginTypes(manifest as Manifest, MANIFEST_FILE, hostCapabilities);
  let current: string | undefined;
  try {
    current = await readFile(file, 'utf8');
  } catch {
    current = undefined;
  }
  const stale = current !== content;
  if (!stale || options.check) return { file, content, stale, written: false };
  // Write then rename, so a concurrent tsc never reads half a file.
  await writeAtomically(file, content, { createFolder: true });
  return { file, content, stale, written: true };
}
