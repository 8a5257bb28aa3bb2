import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CapabilityDescriptor,
  checkHostCapability,
  createError,
  MANIFEST_FILE,
  type Manifest,
  pdkErrors,
  validateManifest,
} from '@stack-plugin/pdk';
import { writeAtomically } from '../_write-atomically.js';
import { cliErrors } from '../cli-errors.js';
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

/**
 * The host capability descriptors the plugin is written against: package.json
 * `"stackPlugin": { "hostCapabilities": ["@acme/stack-host-capabilities"] }` names modules a
 * host publishes (a package, or a path relative to the plugin folder); every export that is a
 * host capability descriptor (a dotted `name` and `methods`) is taken, in export order.
 */
async function readHostCapabilities(
  root: string,
  packageJson: unknown,
): Promise<CapabilityDescriptor[]> {
  const listed = (packageJson as { stackPlugin?: { hostCapabilities?: unknown } } | undefined)
    ?.stackPlugin?.hostCapabilities;
  if (listed === undefined) return [];
  const fail = (module: string, detail: string, cause?: unknown) =>
    createError(
      cliErrors.TYPEGEN_HOST_CAPABILITIES_INVALID,
      { module, detail },
      cause === undefined ? {} : { cause },
    );
  if (!Array.isArray(listed) || listed.some((m) => typeof m !== 'string')) {
    throw fail(String(listed), 'it must be an array of module names');
  }
  const found = new Map<string, CapabilityDescriptor>();
  for (const module of listed as string[]) {
    let exports: Record<string, unknown>;
    try {
      const file = module.startsWith('.')
        ? resolve(root, module)
        : createRequire(join(root, 'package.json')).resolve(module);
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (cause) {
      throw fail(module, `it could not be loaded (${(cause as Error).message})`, cause);
    }
    for (const value of Object.values(exports)) {
      if (!isHostDescriptor(value) || found.has(value.name)) continue;
      const problems = checkHostCapability(value);
      if (problems.length > 0) throw fail(module, `"${value.name}": ${problems.join('; ')}`);
      found.set(value.name, value);
    }
  }
  return [...found.values()];
}

function isHostDescriptor(value: unknown): value is CapabilityDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const { name, methods } = value as { name?: unknown; methods?: unknown };
  return (
    typeof name === 'string' &&
    name.includes('.') &&
    typeof methods === 'object' &&
    methods !== null
  );
}
