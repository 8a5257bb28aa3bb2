import { type StackPluginError } from '@stack-plugin/pdk';
/** Where a plugin is in its life. */
export type PluginState = 'discovered' | 'validated' | 'loaded' | 'active' | 'inactive' | 'unloaded' | 'failed';
/**
 * Every allowed transition. `failed` can go back to `validated` because `enable` and `reload`
 * retry a failed plugin from its manifest; `failed -> active` is a sandboxed plugin that
 * crashed and was restarted and re-activated by its supervisor; `inactive -> active` loads
 * fresh code (a deactivated instance is never reused: its `ctx.signal` is already aborted).
 * `unloaded` is final.
 */
export declare const PLUGIN_TRANSITIONS: Readonly<Record<PluginState, readonly PluginState[]>>;
/** One lifecycle change, as `host.onStateChange` reports it. */
export interface StateChange {
    readonly plugin: string;
    readonly from: PluginState;
    readonly to: PluginState;
    /** Set when the change is to `failed`, or when a deactivation failed on the way out. */
    readonly error?: StackPluginError;
}
/** Whether the table allows going from `from` to `to`. */
export declare function canTransition(from: PluginState, to: PluginState): boolean;
/** The state of one plugin, changed only along {@link PLUGIN_TRANSITIONS}. */
export declare class PluginLifecycle {
    #private;
    constructor(plugin: string, notify: (change: StateChange) => void);
    /** The current state. */
    get state(): PluginState;
    /** Moves to `to`; throws `INTERNAL` on a transition the table does not allow (a host bug). */
    transition(to: PluginState, error?: StackPluginError): void;
}
//# sourceMappingURL=plugin-lifecycle.d.ts.map