import type { SchemaValidator } from '../schema/schema-validator.js';
/** Inputs of {@link resolvePluginConfig}, lowest precedence first. */
export interface PluginConfigSources {
    readonly plugin: string;
    /** The manifest's `config` JSON Schema; its `default`s are the lowest layer. */
    readonly schema?: object | undefined;
    /** The plugin's `config` in stack.config.json. */
    readonly file?: Record<string, unknown> | undefined;
    /** The environment: read for `STACK_PLUGIN_<NAME>_<KEY>` overrides and `${env.X}`. */
    readonly env: Readonly<Record<string, string | undefined>>;
    /** Values passed when loading the plugin (`host.load(..., { config })`). */
    readonly runtime?: Record<string, unknown> | undefined;
}
/**
 * Resolves a plugin's configuration: schema defaults < host config file < environment
 * overrides < runtime parameters, then `${env.X}` and `${config.x}` references, then
 * validation against the schema. Throws `CONFIG_INVALID` naming the plugin.
 */
export declare function resolvePluginConfig(sources: PluginConfigSources, validator: SchemaValidator): Record<string, unknown>;
/**
 * The environment variable that overrides one config key: `STACK_PLUGIN_`, the plugin name and
 * the key path, upper-cased, every run of other characters turned into `_`, nested keys joined
 * by `__`. `@acme/notes` key `apiUrl` -> `STACK_PLUGIN_ACME_NOTES_APIURL`; key `db.host` ->
 * `STACK_PLUGIN_ACME_NOTES_DB__HOST`.
 */
export declare function configEnvName(plugin: string, keyPath: readonly string[]): string;
/** Plain objects merge key by key; anything else in `over` replaces what is in `base`. */
export declare function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown>;
//# sourceMappingURL=resolve-plugin-config.d.ts.map