import { createError, type StackPluginError } from '@stack-plugin/pdk';

/** Where a plugin is in its life. */
export type PluginState =
  | 'discovered'
  | 'validated'
  | 'loaded'
  | 'active'
  | 'inactive'
  | 'unloaded'
  | 'failed';

/**
 * Every allowed transition. `failed` can go back to `validated` because `enable` and `reload`
 * retry a failed plugin from its manifest; `failed -> active` is a sandboxed plugin that
 * crashed and was restarted and re-activated by its supervisor; `inactive -> active` loads
 * fresh code (a deactivated instance is never reused: its `ctx.signal` is already aborted).
 * `unloaded` is final.
 */
export const PLUGIN_TRANSITIONS: Readonly<Record<PluginState, readonly PluginState[]>> = {
  discovered: ['validated', 'failed', 'unloaded'],
  validated: ['loaded', 'failed', 'unloaded'],
  loaded: ['active', 'failed', 'unloaded'],
  active: ['inactive', 'failed'],
  inactive: ['active', 'failed', 'unloaded'],
  failed: ['validated', 'active', 'unloaded'],
  unloaded: [],
};

/** One lifecycle change, as `host.onStateChange` reports it. */
export interface StateChange {
  readonly plugin: string;
  readonly from: PluginState;
  readonly to: PluginState;
  /** Set when the change is to `failed`, or when a deactivation failed on the way out. */
  readonly error?: StackPluginError;
}

/** Whether the table allows going from `from` to `to`. */
export function canTransition(from: PluginState, to: PluginState): boolean {
  return PLUGIN_TRANSITIONS[from].includes(to);
}

/** The state of one plugin, changed only along {@link PLUGIN_TRANSITIONS}. */
export class PluginLifecycle {
  readonly #plugin: string;
  readonly #notify: (change: StateChange) => void;
  #state: PluginState = 'discovered';

  constructor(plugin: string, notify: (change: StateChange) => void) {
    this.#plugin = plugin;
    this.#notify = notify;
  }

  /** The current state. */
  get state(): PluginState {
    return this.#state;
  }

  /** Moves to `to`; throws `INTERNAL` on a transition the table does not allow (a host bug). */
  transition(to: PluginState, error?: StackPluginError): void {
    const from = this.#state;
    if (!canTransition(from, to)) {
      throw createError(
        'INTERNAL',
        { detail: `illegal lifecycle transition ${from} -> ${to}` },
        { plugin: this.#plugin },
      );
    }
    this.#state = to;
    this.#notify({ plugin: this.#plugin, from, to, ...(error === undefined ? {} : { error }) });
  }
}
