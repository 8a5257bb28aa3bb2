import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverPlugins, loadHostConfig } from '@stack-plugin/host';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { didYouMean } from '@stack-plugin/pdk/cli-kit';
import { cliErrors } from '../cli-errors.js';
import type { HostProject } from './_host-project.js';

/** One plugin the host config reaches, by an entry of `plugins` or by discovery. */
export interface ConfiguredPlugin {
  /** The package name (for an entry that does not resolve, the name it asks for). */
  readonly name: string;
  /** Its folder, when it resolves. */
  readonly dir: string | undefined;
  /** Index of its entry in `plugins`; undefined for a plugin found by `discover`. */
  readonly entryIndex: number | undefined;
  /** The entry as written (`enabled`, `permissions`, ...), when there is one. */
  readonly entry: Readonly<Record<string, unknown>> | undefined;
}

/** The host config's text and the plugins it reaches. */
export interface ConfiguredPlugins {
  /** The file as read, so an edit can keep its formatting; undefined when there is none. */
  readonly text: string | undefined;
  readonly plugins: readonly ConfiguredPlugin[];
}

/**
 * Read the host config (checked by the host's own loader, so it is the config a host would
 * accept) and name every plugin it reaches, the way the host finds them (`discoverPlugins`):
 * entries in order, then discovered folders. Names come from each folder's package.json; no
 * plugin code runs and no manifest needs to be valid, so a broken plugin can still be disabled.
 */
export async function readConfiguredPlugins(project: HostProject): Promise<ConfiguredPlugins> {
  if (!existsSync(project.configFile)) return { text: undefined, plugins: [] };
  const text = await readFile(project.configFile, 'utf8');
  const { config, baseDir } = await loadHostConfig(project.root, project.configFile);
  const { sources, unresolved } = await discoverPlugins(project.root, config, baseDir);
  const plugins: ConfiguredPlugin[] = [];
  for (const source of sources) {
    const entryIndex = source.entry === undefined ? -1 : config.plugins.indexOf(source.entry);
    plugins.push({
      name: (await packageName(source.dir)) ?? source.entry?.package ?? source.label,
      dir: source.dir,
      entryIndex: entryIndex === -1 ? undefined : entryIndex,
      entry: source.entry as Record<string, unknown> | undefined,
    });
  }
  for (const { label } of unresolved) {
    const entryIndex = config.plugins.findIndex((entry) => entry.package === label);
    plugins.push({
      name: label,
      dir: undefined,
      entryIndex,
      entry: config.plugins[entryIndex] as Record<string, unknown> | undefined,
    });
  }
  return { text, plugins };
}

/**
 * The plugin of a plugin's own folder as the one entry of its implicit config
 * (`ownPluginConfig`): what `info` reports there, as `list` and `run` see it.
 */
export async function folderPlugin(
  dir: string,
  entry: Readonly<Record<string, unknown>>,
): Promise<ConfiguredPlugins> {
  const name = (await packageName(dir)) ?? dir;
  return { text: undefined, plugins: [{ name, dir, entryIndex: 0, entry }] };
}

/**
 * The configured plugin called `name`.
 *
 * @throws {@link StackPluginError} `PLUGIN_NOT_CONFIGURED`, with the closest configured name.
 */
export function findConfiguredPlugin(
  project: HostProject,
  configured: ConfiguredPlugins,
  name: string,
): ConfiguredPlugin {
  const found = configured.plugins.find((plugin) => plugin.name === name);
  if (found !== undefined) return found;
  const known = [...new Set(configured.plugins.map((plugin) => plugin.name))];
  const guess = didYouMean(name, known);
  throw createError(cliErrors.PLUGIN_NOT_CONFIGURED, {
    plugin: name,
    configFile: project.configFile,
    known,
    ...(guess === undefined ? {} : { guess }),
  });
}

async function packageName(dir: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw createError(
      pdkErrors.VALIDATION_FAILED,
      { what: join(dir, 'package.json'), detail: (error as Error).message },
      { cause: error },
    );
  }
}
