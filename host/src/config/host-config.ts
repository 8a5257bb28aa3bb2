import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  assertHostConfig,
  createError,
  HOST_CONFIG_FILE,
  type HostConfigFile,
  pdkErrors,
} from '@stack-plugin/pdk';

/**
 * One plugin entry of stack.config.json: exactly one of `path` (a folder, relative to the
 * config file's folder) and `package` (installed), with optional `config`, `isolation` (raises,
 * never lowers, the manifest's) and `enabled` (`false` validates without activating).
 */
export type HostPluginEntry = NonNullable<HostConfigFile['plugins']>[number];

/** Policy limits and isolation applied to every plugin (`policy` in stack.config.json). */
export type HostPolicy = NonNullable<HostConfigFile['policy']>;

/** Where else to look for plugins besides the explicit list (`discover`). */
export type HostDiscovery = NonNullable<HostConfigFile['discover']>;

/**
 * The host configuration, as in stack.config.json (its type derives from the published schema
 * in the pdk), with `plugins` always present once loaded.
 */
export type HostConfig = Omit<HostConfigFile, 'plugins'> & { plugins: HostPluginEntry[] };

/** A host config with the folder its relative paths are resolved against. */
export interface LoadedHostConfig {
  readonly config: HostConfig;
  readonly baseDir: string;
}

export { HOST_CONFIG_FILE };

/**
 * Reads the host config: an object as given, a path to a JSON file (relative to `root`), or
 * `<root>/stack.config.json` when present (otherwise no plugins). Throws `VALIDATION_FAILED`
 * when the file is not JSON and `HOST_CONFIG_INVALID`, listing every problem with its JSON
 * Pointer and hint, when it does not match the published schema.
 */
export async function loadHostConfig(
  root: string,
  config: HostConfig | string | undefined,
): Promise<LoadedHostConfig> {
  if (typeof config === 'object')
    return { config: checkHostConfig(config, 'The host config'), baseDir: root };
  const file =
    config === undefined
      ? join(root, HOST_CONFIG_FILE)
      : isAbsolute(config)
        ? config
        : resolve(root, config);
  if (config === undefined && !existsSync(file)) return { config: { plugins: [] }, baseDir: root };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw createError(
      pdkErrors.VALIDATION_FAILED,
      { what: file, detail: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  return { config: checkHostConfig(parsed, file), baseDir: dirname(file) };
}

function checkHostConfig(value: unknown, what: string): HostConfig {
  const config = assertHostConfig(value, what);
  return { ...config, plugins: config.plugins ?? [] };
}
