import { type PluginPackage, type StackPluginError } from '@stack-plugin/pdk';
import type { HostPluginEntry, HostPolicy } from '../config/host-config.js';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
/** Everything the host decides about a plugin before its code runs. */
export interface PreparedPlugin {
    readonly pkg: PluginPackage;
    readonly isolation: IsolationLevel;
    readonly limits: {
        readonly timeoutMs: number;
        readonly memoryMb: number;
    };
    readonly config: Record<string, unknown>;
}
/** Inputs of {@link preparePlugin}. */
export interface PrepareInput {
    readonly dir: string;
    readonly entry: HostPluginEntry | undefined;
    readonly runtimeConfig: Record<string, unknown> | undefined;
    readonly isolation: IsolationLevel | undefined;
    readonly policy: HostPolicy;
    readonly hostApiVersion: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly validator: SchemaValidator;
}
/**
 * Reads and validates the package (pdk), checks the `host` range, decides the isolation level
 * and limits (manifest, raised or capped by the host) and resolves the configuration. Runs no
 * plugin code. Throws the catalog error that explains the first problem, naming the plugin.
 */
export declare function preparePlugin(input: PrepareInput): Promise<PreparedPlugin>;
/**
 * Wraps a plugin failure with the plugin and the phase, keeping the original as `cause`.
 * For a lifecycle hook (`PLUGIN_ACTIVATION_FAILED`) only errors that already say the phase
 * (timeouts, earlier wraps) pass through; for a handler call (`PLUGIN_CALL_FAILED`) every
 * catalog error that names the plugin passes through, so a caller still sees
 * `PERMISSION_DENIED` or `VALIDATION_FAILED` as such.
 */
export declare function wrapPluginError(error: unknown, plugin: string, phase: string, code?: 'PLUGIN_ACTIVATION_FAILED' | 'PLUGIN_CALL_FAILED'): StackPluginError;
//# sourceMappingURL=_prepare-plugin.d.ts.map