import { type StackPluginError } from '@stack-plugin/pdk';
import type { CapabilityHandler, ContributionKind, InvokeOptions, PluginInstance } from '../executor/plugin-executor.js';
import type { SandboxConnection, SandboxEnd } from './sandbox-connection.js';
/** When and how often a crashed sandboxed plugin is restarted. */
export interface SupervisionPolicy {
    /** Restart a plugin that crashes after it was activated. Default true. */
    readonly restart: boolean;
    /** Crashes within `windowMs` that quarantine the plugin. Default 3. */
    readonly maxCrashes: number;
    /** Default 60,000 ms. */
    readonly windowMs: number;
    /** First restart delay; doubles per crash in the window. Default 100 ms. */
    readonly backoffMs: number;
    /** Default 10,000 ms. */
    readonly maxBackoffMs: number;
}
/** Defaults for {@link SupervisionPolicy}. */
export declare const DEFAULT_SUPERVISION: SupervisionPolicy;
/** Where a supervised plugin is. */
export type SandboxStatus = 'running' | 'restarting' | 'failed' | 'quarantined' | 'disposed';
/** One status change, with the crash that caused it. */
export interface SandboxStatusChange {
    readonly plugin: string;
    readonly from: SandboxStatus;
    readonly to: SandboxStatus;
    readonly error?: StackPluginError;
    /** The crash classification when `to` is failed, restarting or quarantined. */
    readonly end?: SandboxEnd;
}
/** Starts one sandbox incarnation of the plugin, loaded but not activated. */
export type StartSandbox = (onEnd: (end: SandboxEnd) => void) => Promise<SandboxConnection>;
/** A sandboxed plugin instance with its supervision state. */
export interface SupervisedInstance extends PluginInstance {
    /** Where the plugin is now. */
    status(): SandboxStatus;
    /** Observes status changes; returns its own off(). */
    onStatusChange(listener: (change: SandboxStatusChange) => void): () => void;
}
/**
 * A {@link PluginInstance} over a sandbox that it restarts when it crashes, hangs or runs out
 * of memory. The first failure rejects the calls in flight (PLUGIN_CRASHED or PLUGIN_TIMEOUT),
 * releases what the plugin had registered with the host, and marks it failed; if it had been
 * activated it is restarted (and re-activated) after an exponential backoff, and quarantined
 * once it crashes `maxCrashes` times within `windowMs`.
 */
export declare class SupervisedPlugin implements SupervisedInstance {
    #private;
    private constructor();
    /** Starts the first incarnation; rejects if the plugin cannot even be loaded. */
    static create(options: {
        name: string;
        start: StartSandbox;
        policy: SupervisionPolicy;
        capabilities: CapabilityHandler;
        timeoutMs: number;
    }): Promise<SupervisedPlugin>;
    status(): SandboxStatus;
    onStatusChange(listener: (change: SandboxStatusChange) => void): () => void;
    activate(options: InvokeOptions): Promise<void>;
    deactivate(options: InvokeOptions): Promise<void>;
    invoke(kind: ContributionKind, id: string, input: unknown, options: InvokeOptions): Promise<unknown>;
    deliver(listenerId: string, event: unknown): Promise<void>;
    dispose(): Promise<void>;
}
//# sourceMappingURL=supervisor.d.ts.map