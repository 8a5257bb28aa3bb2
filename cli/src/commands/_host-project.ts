import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createError } from '@stack-plugin/pdk';

/** Name of the host config file (same as the host's `HOST_CONFIG_FILE`). */
const CONFIG_FILE = 'stack.config.json';

/** A host project: the folder with package.json, node_modules and stack.config.json. */
export interface HostProject {
  readonly root: string;
  readonly configFile: string;
}

/** Files `add`/`update`/`remove` may change, saved to undo a failed operation. */
export interface ProjectSnapshot {
  readonly files: ReadonlyMap<string, string | undefined>;
}

/** The host project in `root`, with its config file (default `<root>/stack.config.json`). */
export function hostProject(root: string, configFile = join(root, CONFIG_FILE)): HostProject {
  return { root, configFile };
}

/** `@scope/name@^1` -> `{ name: '@scope/name', range: '^1' }`. */
export function parsePackageSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? undefined : spec.slice(at + 1);
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) || range === '') {
    throw createError('BAD_USAGE', {
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

/** Save package.json, package-lock.json and the host config, to undo a failed change. */
export async function snapshotProject(project: HostProject): Promise<ProjectSnapshot> {
  const files = new Map<string, string | undefined>();
  for (const file of [
    join(project.root, 'package.json'),
    join(project.root, 'package-lock.json'),
    project.configFile,
  ]) {
    files.set(file, existsSync(file) ? await readFile(file, 'utf8') : undefined);
  }
  return { files };
}

/** Write the saved files back (deleting those that did not exist). */
export async function restoreProject(snapshot: ProjectSnapshot): Promise<void> {
  for (const [file, text] of snapshot.files) {
    if (text === undefined) await rm(file, { force: true });
    else await writeFile(file, text);
  }
}

/** The host config as raw JSON, so fields this tool does not know survive a rewrite. */
export interface RawHostConfig {
  plugins: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Read the host config (an empty one when the file does not exist). */
export async function readHostConfig(project: HostProject): Promise<RawHostConfig> {
  if (!existsSync(project.configFile)) return { plugins: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(project.configFile, 'utf8'));
  } catch (error) {
    throw createError(
      'VALIDATION_FAILED',
      { what: project.configFile, detail: (error as Error).message },
      { cause: error },
    );
  }
  const config = parsed as RawHostConfig;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(config.plugins ?? [])) {
    throw createError('VALIDATION_FAILED', {
      what: project.configFile,
      detail: '/plugins must be an array',
    });
  }
  return { ...config, plugins: config.plugins ?? [] };
}

/** Write the host config back, 2-space JSON like npm writes package.json. */
export async function writeHostConfig(project: HostProject, config: RawHostConfig): Promise<void> {
  await writeFile(project.configFile, `${JSON.stringify(config, null, 2)}\n`);
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
