import type { HostConfig, HostPluginEntry } from '../config/host-config.js';
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
export declare function discoverPlugins(root: string, config: HostConfig, baseDir?: string): Promise<{
    sources: PluginSource[];
    unresolved: Array<{
        label: string;
        error: Error;
    }>;
}>;
/** The folder of installed package `name`, looked up like Node does from `root` upwards. */
export declare function resolvePackageDir(root: string, name: string): string | undefined;
/** Installed packages of `<root>/node_modules` (scoped ones too) with the keyword `stack-plugin`. */
export declare function findInstalledPlugins(root: string): Promise<string[]>;
//# sourceMappingURL=discover-plugins.d.ts.map