import type { FullPluginContext, PluginDefinition, PluginTypes } from '@stack-plugin/pdk';
import type { ContributionKind } from './plugin-executor.js';
/** Sends one capability call to the host and resolves with its result. */
export type SendCapabilityCall = (capability: string, method: string, args: readonly unknown[]) => Promise<unknown>;
/** What the plugin side needs to build `ctx`. */
export interface PluginRuntimeOptions {
    readonly plugin: {
        readonly name: string;
        readonly version: string;
    };
    readonly config: Record<string, unknown>;
    readonly send: SendCapabilityCall;
}
/**
 * The plugin side of every executor: builds `ctx` over a capability channel, keeps the
 * handlers and listeners the plugin registers, and runs them when the host asks. The same
 * code runs in the host process, in a worker and in a child process, which is what makes a
 * plugin behave alike at every isolation level.
 */
export declare class PluginRuntime {
    #private;
    constructor(definition: PluginDefinition<PluginTypes>, options: PluginRuntimeOptions);
    /** The context handed to the plugin. */
    get context(): FullPluginContext;
    /** Runs `activate(ctx)`. */
    activate(): Promise<void>;
    /** Aborts `ctx.signal`, then runs `deactivate(ctx)` if the plugin has one. */
    deactivate(): Promise<void>;
    /** Runs a registered handler. */
    invoke(kind: ContributionKind, id: string, input: unknown, call: {
        caller: string;
        signal: AbortSignal;
    }): Promise<unknown>;
    /** Delivers an event to a listener; unknown ids are ignored (the listener was removed). */
    deliver(listenerId: string, event: unknown): Promise<void>;
}
//# sourceMappingURL=plugin-runtime.d.ts.map