import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import type { HostConfig, HostPluginEntry } from '../config/host-config.js';
import { hostErrors } from '../host-errors.js';

/** A place a plugin is loaded from, before its manifest is read. */
export interface PluginSource {
  /** Absolute folder of the plugin package. */
  readonly dir: string;
  /** What to call the plugin until its package.json has been read. */
  readonly label: string;
  /** The stack.config.json entry, when it came from one. */
  readonly entry?: HostPluginEntry;
}

/**
 * Finds plugin folders: the explicit `plugins` list (paths, and package names resolved from
 * `node_modules` of the root and its parents, as Node would), every sub-folder of
 * `discover.folders`, and, with `discover.installed`, every installed package with the keyword
 * `stack-plugin`. Reads no plugin code; a folder seen twice is listed once, the explicit entry
 * winning. A package that cannot be resolved is reported through `unresolved`.
 */
export async function discoverPlugins(
  root: string,
  config: HostConfig,
  baseDir: string = root,
): Promise<{ sources: PluginSource[]; unresolved: Array<{ label: string; error: Error }> }> {
  const sources = new Map<string, PluginSource>();
  const unresolved: Array<{ label: string; error: Error }> = [];
  for (const entry of config.plugins) {
    if (entry.path !== undefined) {
      const dir = isAbsolute(entry.path) ? entry.path : resolve(baseDir, entry.path);
      if (!sources.has(dir)) sources.set(dir, { dir, label: entry.path, entry });
      continue;
    }
    const name = entry.package ?? '';
    const dir = resolvePackageDir(root, name);
    if (dir === undefined) {
      unresolved.push({
        label: name,
        error: createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: name }, { plugin: name }),
      });
    } else if (!sources.has(dir)) sources.set(dir, { dir, label: name, entry });
  }
  for (const folder of config.discover?.folders ?? []) {
    const abs = resolve(baseDir, folder);
    for (const child of await listDirs(abs)) {
      const dir = join(abs, child);
      if (!sources.has(dir) && existsSync(join(dir, 'stack-plugin.json'))) {
        sources.set(dir, { dir, label: child });
      }
    }
  }
  if (config.discover?.installed === true) {
    for (const dir of await findInstalledPlugins(root)) {
      if (!sources.has(dir)) sources.set(dir, { dir, label: dir });
    }
  }
  return { sources: [...sources.values()], unresolved };
}

/** The folder of installed package `name`, looked up like Node does from `root` upwards. */
export function resolvePackageDir(root: string, name: string): string | undefined {
  let current = resolve(root);
  for (;;) {
    const candidate = join(current, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Installed packages of `<root>/node_modules` (scoped ones too) with the keyword `stack-plugin`. */
export async function findInstalledPlugins(root: string): Promise<string[]> {
  const modules = join(root, 'node_modules');
  const found: string[] = [];
  const consider = async (dir: string): Promise<void> => {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        keywords?: unknown;
      };
      if (Array.isArray(pkg.keywords) && pkg.keywords.includes('stack-plugin')) found.push(dir);
    } catch {
      // Not a package (or an unreadable one): not a plugin.
    }
  };
  for (const name of await listDirs(modules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const scoped of await listDirs(join(modules, name)))
        await consider(join(modules, name, scoped));
    } else await consider(join(modules, name));
  }
  return found.sort();
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
