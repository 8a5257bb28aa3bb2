import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createError, isIsolationLevel } from '@stack-plugin/pdk';
import { PLUGIN_BUDGET_NAMES, type PluginBudgets } from '../broker/plugin-budgets.js';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import type { WorkflowDefinition } from '../workflow/index.js';

/** One plugin entry of stack.config.json. */
export interface HostPluginEntry {
  /** A plugin folder, relative to the config file's folder (or absolute). */
  path?: string;
  /** An installed package name, resolved from `node_modules` of the root and its parents. */
  package?: string;
  /** The plugin's configuration (the "host config file" layer). */
  config?: Record<string, unknown>;
  /** Raise the plugin's isolation (never lowers the manifest's). */
  isolation?: IsolationLevel;
  /** `false` keeps the plugin validated but not activated. */
  enabled?: boolean;
  /**
   * The permissions the operator granted (written by `stack-plugin add` after consent). When
   * set, a plugin whose manifest asks for any other permission is refused before it loads.
   */
  permissions?: string[];
}

/** Policy limits and isolation applied to every plugin. */
export interface HostPolicy {
  /** Raise every plugin to at least this level (never lowers a manifest's). */
  minIsolation?: IsolationLevel;
  /** Caps manifest `limits.timeoutMs`. */
  maxTimeoutMs?: number;
  /** Caps manifest `limits.memoryMb`. */
  maxMemoryMb?: number;
  /** Used by distribution tooling: refuse unsigned packages. */
  requireSignatures?: boolean;
  /** Used by distribution tooling: keys whose signatures are trusted. */
  trustedKeys?: string[];
  /**
   * Used by distribution tooling: packages whose install scripts may run (after verification);
   * any other package declaring install scripts is refused by `stack-plugin add`.
   */
  allowInstallScripts?: string[];
  /**
   * Budgets of what the host spends on a plugin's behalf (log bytes, event payloads and
   * history, state); each one left out keeps its default (`DEFAULT_PLUGIN_BUDGETS`).
   */
  budgets?: Partial<PluginBudgets>;
}

/** Where else to look for plugins besides the explicit list. */
export interface HostDiscovery {
  /** Folders whose sub-folders are plugins (relative to the config file's folder). */
  folders?: string[];
  /** Also load every package in `<root>/node_modules` whose package.json has the keyword `stack-plugin`. */
  installed?: boolean;
}

/** The host configuration, as in stack.config.json. */
export interface HostConfig {
  plugins: HostPluginEntry[];
  policy?: HostPolicy;
  discover?: HostDiscovery;
  /** Workflows defined by the host operator (their templates may read `${env.X}`). */
  workflows?: WorkflowDefinition[];
}

/** A host config with the folder its relative paths are resolved against. */
export interface LoadedHostConfig {
  readonly config: HostConfig;
  readonly baseDir: string;
}

/** Name of the host config file looked up in the workspace root. */
export const HOST_CONFIG_FILE = 'stack.config.json';

/**
 * Reads the host config: an object as given, a path to a JSON file (relative to `root`), or
 * `<root>/stack.config.json` when present (otherwise no plugins). Throws `VALIDATION_FAILED`.
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
      'VALIDATION_FAILED',
      { what: file, detail: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  return { config: checkHostConfig(parsed, file), baseDir: dirname(file) };
}

function checkHostConfig(value: unknown, what: string): HostConfig {
  const fail = (detail: string): never => {
    throw createError('VALIDATION_FAILED', { what, detail });
  };
  if (typeof value !== 'object' || value === null) fail('it must be an object');
  const config = value as Partial<HostConfig>;
  const plugins = config.plugins ?? [];
  if (!Array.isArray(plugins)) fail('/plugins must be an array');
  plugins.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) fail(`/plugins/${i} must be an object`);
    const hasPath = typeof entry.path === 'string';
    const hasPackage = typeof entry.package === 'string';
    if (hasPath === hasPackage) fail(`/plugins/${i} needs exactly one of "path" and "package"`);
    if (entry.isolation !== undefined && !isIsolationLevel(entry.isolation)) {
      fail(`/plugins/${i}/isolation must be none, limited or strict`);
    }
    if (entry.config !== undefined && (typeof entry.config !== 'object' || entry.config === null)) {
      fail(`/plugins/${i}/config must be an object`);
    }
    if (entry.permissions !== undefined && !isStringArray(entry.permissions)) {
      fail(`/plugins/${i}/permissions must be an array of permission strings`);
    }
  });
  if (config.policy?.minIsolation !== undefined && !isIsolationLevel(config.policy.minIsolation)) {
    fail('/policy/minIsolation must be none, limited or strict');
  }
  if (
    config.policy?.allowInstallScripts !== undefined &&
    !isStringArray(config.policy.allowInstallScripts)
  ) {
    fail('/policy/allowInstallScripts must be an array of package names');
  }
  const budgets = config.policy?.budgets;
  if (budgets !== undefined) {
    if (typeof budgets !== 'object' || budgets === null) fail('/policy/budgets must be an object');
    for (const [name, value] of Object.entries(budgets)) {
      if (!(PLUGIN_BUDGET_NAMES as readonly string[]).includes(name)) {
        fail(`/policy/budgets/${name} is not a budget (${PLUGIN_BUDGET_NAMES.join(', ')})`);
      }
      if (!Number.isSafeInteger(value) || (value as number) <= 0) {
        fail(`/policy/budgets/${name} must be a positive integer`);
      }
    }
  }
  return { ...config, plugins } as HostConfig;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
