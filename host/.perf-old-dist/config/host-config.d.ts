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
export declare const HOST_CONFIG_FILE = "stack.config.json";
/**
 * Reads the host config: an object as given, a path to a JSON file (relative to `root`), or
 * `<root>/stack.config.json` when present (otherwise no plugins). Throws `VALIDATION_FAILED`.
 */
export declare function loadHostConfig(root: string, config: HostConfig | string | undefined): Promise<LoadedHostConfig>;
//# sourceMappingURL=host-config.d.ts.map