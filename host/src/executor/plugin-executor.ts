import type { CallContext, ContextEntry, HandlerKindName, IsolationLevel } from '@stack-plugin/pdk';
import type { Clock } from '../services/host-services.js';

/**
 * The executor seam: how the host runs a plugin's code at one isolation level. The in-process
 * executor (`none`), the worker executor (`limited`) and the child-process executor (`strict`)
 * all implement it, and all run the same plugin code through the same plugin-side context
 * (`PluginRuntime`), so a plugin behaves alike at every level.
 */

/** Isolation levels, from weakest to strongest (pdk's `ISOLATION_LEVELS`). */
export type { IsolationLevel };

/**
 * Contribution kinds a plugin registers handlers for at run time: the pdk's `HandlerKindName`
 * (listed once, in `CALLABLE_KINDS`), kept under this name for the host's existing users.
 */
export type ContributionKind = HandlerKindName;

/**
 * One capability call from plugin code to the host. Everything in it is structured-clonable,
 * so it crosses a worker or process boundary unchanged.
 *
 * Which capabilities and methods exist is the pdk's capability table (`CAPABILITIES`).
 */
export interface CapabilityCall {
  readonly capability: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** The host side of the seam: permission-checks and performs a capability call. */
export type CapabilityHandler = (call: CapabilityCall) => Promise<unknown>;

/** Per-call options when the host invokes a plugin's handler. */
export interface InvokeOptions {
  /** Who is calling: a plugin name, `host` or a workflow id. */
  readonly caller: string;
  /** Rejects with `PLUGIN_TIMEOUT` past this. */
  readonly timeoutMs: number;
  /** Cancels the call; the handler sees it as `call.signal`. */
  readonly signal?: AbortSignal;
}

/** What the host hands an executor to start one plugin. */
export interface ExecutorLoadRequest {
  readonly plugin: {
    readonly name: string;
    readonly version: string;
    /** Absolute path of the plugin's folder. */
    readonly dir: string;
    /** Absolute path of the module whose default export is the plugin definition. */
    readonly entry: string;
    /**
     * The package's files as the host verified them (package-relative path -> bytes), when
     * the package is checked. Executors then run these bytes and never read the plugin's
     * files from disk again, where they could have changed since verification.
     */
    readonly files?: ReadonlyMap<string, Uint8Array> | undefined;
  };
  /** Resolved, validated configuration (structured-clonable). */
  readonly config: Record<string, unknown>;
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number };
  /** Performs the plugin's capability calls; the broker behind it enforces permissions. */
  readonly capabilities: CapabilityHandler;
  /**
   * The `ctx` layout of the capabilities the host defines (`ctx.host['acme.tickets']`), to
   * append to the pdk's `CONTEXT_LAYOUT`; a sandbox's wire allow-list admits their methods.
   */
  readonly hostLayout?: readonly ContextEntry[];
  /**
   * The host's clock (`services.clock`). An executor that enforces deadlines in the host
   * process (the in-process one) runs them on it, so a manual clock drives `PLUGIN_TIMEOUT`.
   * Sandboxes keep real timers: they watch real threads and processes.
   */
  readonly clock?: Clock;
}

/** A running plugin, as the host drives it. */
export interface PluginInstance {
  /** Calls the plugin's `activate(ctx)`. */
  activate(options: InvokeOptions): Promise<void>;
  /** Calls the plugin's `deactivate(ctx)` if it has one and aborts `ctx.signal`. */
  deactivate(options: InvokeOptions): Promise<void>;
  /**
   * Runs a handler the plugin registered with `ctx.<kind>.register(id, ...)`: a promise of
   * what it returned, or, when the executor has the answer at once (a synchronous handler run
   * in the host's process), that value itself, which must then not be a thenable. The host
   * settles a call answered at once without waiting a microtask.
   */
  invoke(kind: ContributionKind, id: string, input: unknown, options: InvokeOptions): unknown;
  /** Delivers an event to a listener the plugin registered with `ctx.events.on`. */
  deliver(listenerId: string, event: unknown): Promise<void>;
  /** Stops the plugin's code for good (terminates a worker or process). Idempotent. */
  dispose(): Promise<void>;
}

/** Runs plugins at one isolation level. */
export interface PluginExecutor {
  readonly isolation: IsolationLevel;
  load(request: ExecutorLoadRequest): Promise<PluginInstance>;
}

/** Per-call context as a handler sees it (re-exported for executors). */
export type HandlerCallContext = CallContext;
