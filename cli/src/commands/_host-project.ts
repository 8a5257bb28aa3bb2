import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import {
  assertHostConfig,
  createError,
  HOST_CONFIG_FILE,
  HOST_CONFIG_SCHEMA_URL,
  pdkErrors,
} from '@stack-plugin/pdk';
import { writeAtomically } from '../_write-atomically.js';
import { cliErrors } from '../cli-errors.js';

/**
 * The project folder where `add` keeps what it installed from outside a registry (verified
 * tarballs) and, during an install, the rollback copy of node_modules.
 */
export const STATE_DIR = '.stack-plugin';

/** A host project: the folder with package.json, node_modules and stack.config.json. */
export interface HostProject {
  readonly root: string;
  readonly configFile: string;
}

/**
 * What `add`/`update`/`remove` may change, saved to undo a failed operation: the text of
 * package.json, package-lock.json and the host config (`undefined` for an absent file), and a
 * copy of node_modules (`undefined` when there was none).
 */
export interface ProjectSnapshot {
  readonly root: string;
  readonly files: ReadonlyMap<string, string | undefined>;
  /** Where the copy of node_modules sits, inside the project so restoring is one rename. */
  readonly modulesCopy: string | undefined;
}

/** The host project in `root`, with its config file (default `<root>/stack.config.json`). */
export function hostProject(root: string, configFile = join(root, HOST_CONFIG_FILE)): HostProject {
  return { root, configFile };
}

/** `@scope/name@^1` -> `{ name: '@scope/name', range: '^1' }`. */
export function parsePackageSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) || range === '') {
    throw createError(cliErrors.BAD_USAGE, {
      detail: `"${spec}" is not a package name with an optional @range`,
    });
  }
  return { name, range };
}

/** Make sure there is a package.json for npm to record dependencies in. */
export async function ensurePackageJson(project: HostProject): Promise<void> {
  const file = join(project.root, 'package.json');
  if (!existsSync(file)) await writeFile(file, `${JSON.stringify({ private: true }, null, 2)}\n`);
}

/**
 * Save package.json, package-lock.json, the host config and node_modules, to undo a failed
 * change exactly: npm's hidden lockfile (`node_modules/.package-lock.json`), packages a
 * refused install left behind and the absence of files all come back as they were. The copy
 * keeps symbolic links as links (workspace and `link` installs) and file modes.
 */
export async function snapshotProject(project: HostProject): Promise<ProjectSnapshot> {
  const files = new Map<string, string | undefined>();
  for (const file of [
    join(project.root, 'package.json'),
    join(project.root, 'package-lock.json'),
    project.configFile,
  ]) {
    files.set(file, existsSync(file) ? await readFile(file, 'utf8') : undefined);
  }
  const modules = join(project.root, 'node_modules');
  let modulesCopy: string | undefined;
  if (existsSync(modules)) {
    await mkdir(join(project.root, STATE_DIR), { recursive: true });
    modulesCopy = await mkdtemp(join(project.root, STATE_DIR, 'rollback-'));
    await cp(modules, join(modulesCopy, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
    });
  }
  return { root: project.root, files, modulesCopy };
}

/** Put everything saved by {@link snapshotProject} back, and drop the snapshot. */
export async function restoreProject(snapshot: ProjectSnapshot): Promise<void> {
  for (const [file, text] of snapshot.files) {
    if (text === undefined) await rm(file, { force: true });
    else await writeFile(file, text);
  }
  const modules = join(snapshot.root, 'node_modules');
  await rm(modules, { recursive: true, force: true });
  if (snapshot.modulesCopy !== undefined) {
    await rename(join(snapshot.modulesCopy, 'node_modules'), modules);
  }
  await discardSnapshot(snapshot);
}

/** Drop the saved copy once the change succeeded. */
export async function discardSnapshot(snapshot: ProjectSnapshot): Promise<void> {
  if (snapshot.modulesCopy !== undefined) {
    await rm(snapshot.modulesCopy, { recursive: true, force: true });
  }
  // Removed only when empty: it may also hold verified tarballs the project installs from.
  await rmdir(join(snapshot.root, STATE_DIR)).catch(() => {});
}

/** The host config as raw JSON, so fields this tool does not model survive a rewrite. */
export interface RawHostConfig {
  plugins: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * The `$schema` of a config this tool creates: the published schema in the project's installed
 * pdk, relative to the config file's folder so editors resolve it offline.
 */
function schemaReference(project: HostProject): string {
  const target = join(project.root, HOST_CONFIG_SCHEMA_URL);
  const path = relative(dirname(project.configFile), target).replaceAll('\\', '/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Read the host config, checked against its published schema (every problem in one
 * `HOST_CONFIG_INVALID`); a new one, with its `$schema`, when the file does not exist.
 */
export async function readHostConfig(project: HostProject): Promise<RawHostConfig> {
  if (!existsSync(project.configFile)) return { $schema: schemaReference(project), plugins: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(project.configFile, 'utf8'));
  } catch (error) {
    throw createError(
      pdkErrors.VALIDATION_FAILED,
      { what: project.configFile, detail: (error as Error).message },
      { cause: error },
    );
  }
  assertHostConfig(parsed, project.configFile);
  const config = parsed as RawHostConfig;
  return { ...config, plugins: config.plugins ?? [] };
}

/** Write the host config back (atomically), 2-space JSON like npm writes package.json. */
export async function writeHostConfig(project: HostProject, config: RawHostConfig): Promise<void> {
  await writeAtomically(project.configFile, `${JSON.stringify(config, null, 2)}\n`);
}

/** The installed version of `name` in the project, if any. */
export async function installedVersion(
  project: HostProject,
  name: string,
): Promise<string | undefined> {
  const file = join(project.root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(await readFile(file, 'utf8')) as { version?: string }).version;
}

/** The range package.json declares for `name`, if any. */
export async function declaredRange(
  project: HostProject,
  name: string,
): Promise<string | undefined> {
  const file = join(project.root, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  return (
    pkg.dependencies?.[name] ?? pkg.optionalDependencies?.[name] ?? pkg.devDependencies?.[name]
  );
}

/**
 * The package names a command acts on: those named on the command line (a spec's range
 * dropped), or else every plugin of the config that comes from a package.
 */
export function packageNames(config: RawHostConfig, specs: readonly string[]): string[] {
  return specs.length > 0
    ? specs.map((spec) => parsePackageSpec(spec).name)
    : config.plugins
        .map((entry) => entry.package)
        .filter((p): p is string => typeof p === 'string');
}
