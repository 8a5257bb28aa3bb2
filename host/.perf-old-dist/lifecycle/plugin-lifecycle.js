import { createError } from '@stack-plugin/pdk';
/**
 * Every allowed transition. `failed` can go back to `validated` because `enable` and `reload`
 * retry a failed plugin from its manifest; `failed -> active` is a sandboxed plugin that
 * crashed and was restarted and re-activated by its supervisor; `inactive -> active` loads
 * fresh code (a deactivated instance is never reused: its `ctx.signal` is already aborted).
 * `unloaded` is final.
 */
export const PLUGIN_TRANSITIONS = {
    discovered: ['validated', 'failed', 'unloaded'],
    validated: ['loaded', 'failed', 'unloaded'],
    loaded: ['active', 'failed', 'unloaded'],
    active: ['inactive', 'failed'],
    inactive: ['active', 'failed', 'unloaded'],
    failed: ['validated', 'active', 'unloaded'],
    unloaded: [],
};
/** Whether the table allows going from `from` to `to`. */
export function canTransition(from, to) {
    return PLUGIN_TRANSITIONS[from].includes(to);
}
/** The state of one plugin, changed only along {@link PLUGIN_TRANSITIONS}. */
export class PluginLifecycle {
    #plugin;
    #notify;
    #state = 'discovered';
    constructor(plugin, notify) {
        this.#plugin = plugin;
        this.#notify = notify;
    }
    /** The current state. */
    get state() {
        return this.#state;
    }
    /** Moves to `to`; throws `INTERNAL` on a transition the table does not allow (a host bug). */
    transition(to, error) {
        const from = this.#state;
        if (!canTransition(from, to)) {
            throw createError('INTERNAL', { detail: `illegal lifecycle transition ${from} -> ${to}` }, { plugin: this.#plugin });
        }
        this.#state = to;
        this.#notify({ plugin: this.#plugin, from, to, ...(error === undefined ? {} : { error }) });
    }
}
//# sourceMappingURL=plugin-lifecycle.js.map