import {
  createError,
  type HostPluginEventName,
  pdkErrors,
  type StackPluginError,
} from '@stack-plugin/pdk';

/** Where a plugin is in its life. */
export type PluginState =
  | 'discovered'
  | 'validated'
  | 'lazy'
  | 'loaded'
  | 'active'
  | 'inactive'
  | 'unloaded'
  | 'failed'
  | 'refused';

/**
 * What can happen to a plugin: the pdk's `HOST_PLUGIN_EVENTS` but the reloads (which change
 * no state), so every event has the topic the host publishes it on. The sandbox events come
 * from its supervisor: `crash` (the sandbox crashed, hung or ran out of memory), `restart`
 * (the supervisor started a new sandbox and re-activated it) and `quarantine` (it crashed too
 * often and will not be restarted).
 */
export type LifecycleEvent = Exclude<HostPluginEventName, 'reload' | 'reload-fail'>;

/**
 * The one transition table of a plugin, sandboxed or not: for each state, the events it accepts
 * and the state each leads to. `retry` takes a failed plugin back to `validated` because
 * `enable` and `reload` start it again from its manifest; `inactive --activate--> active`
 * loads fresh code (a deactivated instance is never reused: its `ctx.signal` is already
 * aborted). A lazy plugin (manifest `activationEvents` without `onStartup`) is checked like
 * any other and then waits in `lazy` (`defer`), with no code loaded, until its first use
 * loads and activates it; disabling it before then makes it `inactive`. A crash while failed (the restart itself crashed) and a quarantine keep the plugin
 * `failed` with a new error. A plugin refused before it could be admitted (not found, manifest
 * invalid, signature or policy refused: no controller, no code) is `refused`: it stays so
 * until the host forgets it (a new start, or a later `load` of it). `unloaded` is final.
 */
export const PLUGIN_TRANSITIONS: Readonly<
  Record<PluginState, Readonly<Partial<Record<LifecycleEvent, PluginState>>>>
> = {
  discovered: { validate: 'validated', refuse: 'refused', fail: 'failed', unload: 'unloaded' },
  validated: { load: 'loaded', defer: 'lazy', fail: 'failed', unload: 'unloaded' },
  lazy: { load: 'loaded', deactivate: 'inactive', fail: 'failed', unload: 'unloaded' },
  loaded: { activate: 'active', fail: 'failed', unload: 'unloaded' },
  active: { deactivate: 'inactive', fail: 'failed', crash: 'failed' },
  inactive: { activate: 'active', fail: 'failed', unload: 'unloaded' },
  failed: {
    retry: 'validated',
    crash: 'failed',
    restart: 'active',
    quarantine: 'failed',
    unload: 'unloaded',
  },
  refused: { unload: 'unloaded' },
  unloaded: {},
};

/** One lifecycle change, as `host.onStateChange` reports it. */
export interface StateChange {
  readonly plugin: string;
  readonly from: PluginState;
  readonly to: PluginState;
  /** Set when the change is to `failed`, or when a deactivation failed on the way out. */
  readonly error?: StackPluginError;
}

/** The state `event` leads to from `from`, or undefined when the table does not allow it. */
export function nextState(from: PluginState, event: LifecycleEvent): PluginState | undefined {
  return PLUGIN_TRANSITIONS[from][event];
}

/**
 * The state of one plugin, changed only along {@link PLUGIN_TRANSITIONS}. Listeners hear of
 * every change of state; an event that keeps the state (a quarantine) is not a change.
 */
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

  /** Whether the table accepts `event` in the current state. */
  accepts(event: LifecycleEvent): boolean {
    return nextState(this.#state, event) !== undefined;
  }

  /** Applies `event`; throws `INTERNAL` on an event the table does not allow (a host bug). */
  apply(event: LifecycleEvent, error?: StackPluginError): void {
    const from = this.#state;
    const to = nextState(from, event);
    if (to === undefined) {
      throw createError(
        pdkErrors.INTERNAL,
        { detail: `illegal lifecycle event "${event}" in state ${from}` },
        { plugin: this.#plugin },
      );
    }
    this.#state = to;
    if (to === from) return;
    this.#notify({ plugin: this.#plugin, from, to, ...(error === undefined ? {} : { error }) });
  }
}
