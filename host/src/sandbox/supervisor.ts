import { createError, type StackPluginError } from '@stack-plugin/pdk';
import type {
  CapabilityHandler,
  ContributionKind,
  InvokeOptions,
  PluginInstance,
} from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
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
export const DEFAULT_SUPERVISION: SupervisionPolicy = Object.freeze({
  restart: true,
  maxCrashes: 3,
  windowMs: 60_000,
  backoffMs: 100,
  maxBackoffMs: 10_000,
});

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
export class SupervisedPlugin implements SupervisedInstance {
  readonly #name: string;
  readonly #start: StartSandbox;
  readonly #policy: SupervisionPolicy;
  readonly #capabilities: CapabilityHandler;
  readonly #timeoutMs: number;
  readonly #listeners = new Set<(change: SandboxStatusChange) => void>();
  #connection: SandboxConnection | undefined;
  #status: SandboxStatus = 'running';
  #activation: InvokeOptions | undefined;
  #crashes: number[] = [];
  #lastError: StackPluginError | undefined;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    name: string,
    start: StartSandbox,
    policy: SupervisionPolicy,
    capabilities: CapabilityHandler,
    timeoutMs: number,
  ) {
    this.#name = name;
    this.#start = start;
    this.#policy = policy;
    this.#capabilities = capabilities;
    this.#timeoutMs = timeoutMs;
  }

  /** Starts the first incarnation; rejects if the plugin cannot even be loaded. */
  static async create(options: {
    name: string;
    start: StartSandbox;
    policy: SupervisionPolicy;
    capabilities: CapabilityHandler;
    timeoutMs: number;
  }): Promise<SupervisedPlugin> {
    const plugin = new SupervisedPlugin(
      options.name,
      options.start,
      options.policy,
      options.capabilities,
      options.timeoutMs,
    );
    plugin.#connection = await options.start((end) => plugin.#ended(plugin.#connection, end));
    return plugin;
  }

  status(): SandboxStatus {
    return this.#status;
  }

  onStatusChange(listener: (change: SandboxStatusChange) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  async activate(options: InvokeOptions): Promise<void> {
    const connection = this.#live();
    await connection.call('activate', [], { ...options, phase: 'activate' });
    this.#activation = { caller: options.caller, timeoutMs: options.timeoutMs };
  }

  async deactivate(options: InvokeOptions): Promise<void> {
    this.#activation = undefined;
    if (this.#status !== 'running') return;
    await this.#live().call('deactivate', [], { ...options, phase: 'deactivate' });
  }

  async invoke(
    kind: ContributionKind,
    id: string,
    input: unknown,
    options: InvokeOptions,
  ): Promise<unknown> {
    return this.#live().call('invoke', [kind, id, input, options.caller], {
      ...options,
      phase: `${kind} "${id}"`,
    });
  }

  async deliver(listenerId: string, event: unknown): Promise<void> {
    await this.#live().call('deliver', [listenerId, event], {
      timeoutMs: this.#timeoutMs,
      phase: 'an event listener',
    });
  }

  async dispose(): Promise<void> {
    if (this.#status === 'disposed') return;
    clearTimeout(this.#restartTimer);
    this.#set('disposed');
    await this.#connection?.dispose();
  }

  #live(): SandboxConnection {
    if (this.#status === 'running' && this.#connection !== undefined) return this.#connection;
    if (this.#status === 'quarantined') {
      throw createError(
        hostErrors.PLUGIN_QUARANTINED,
        { plugin: this.#name, crashes: this.#crashes.length, windowMs: this.#policy.windowMs },
        { plugin: this.#name },
      );
    }
    throw (
      this.#lastError ??
      createError(hostErrors.PLUGIN_CRASHED, {
        plugin: this.#name,
        detail: `it is ${this.#status}`,
      })
    );
  }

  #set(to: SandboxStatus, error?: StackPluginError, end?: SandboxEnd): void {
    const from = this.#status;
    this.#status = to;
    const change: SandboxStatusChange = {
      plugin: this.#name,
      from,
      to,
      ...(error === undefined ? {} : { error }),
      ...(end === undefined ? {} : { end }),
    };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A failing observer must not stop supervision.
      }
    }
  }

  #ended(connection: SandboxConnection | undefined, end: SandboxEnd): void {
    if (connection !== this.#connection || this.#status === 'disposed' || end.kind === 'disposed')
      return;
    void this.#release(connection);
    const now = Date.now();
    this.#crashes = [...this.#crashes.filter((t) => now - t < this.#policy.windowMs), now];
    const plugin = this.#name;
    this.#lastError =
      end.kind === 'hang'
        ? createError(hostErrors.PLUGIN_TIMEOUT, {
            plugin,
            phase: 'a call (it stopped responding)',
            timeoutMs: this.#timeoutMs,
          })
        : createError(hostErrors.PLUGIN_CRASHED, { plugin, detail: `${end.kind}: ${end.detail}` });
    this.#set('failed', this.#lastError, end);
    if (!this.#policy.restart || this.#activation === undefined) return;
    if (this.#crashes.length >= this.#policy.maxCrashes) {
      const error = createError(
        hostErrors.PLUGIN_QUARANTINED,
        { plugin: this.#name, crashes: this.#crashes.length, windowMs: this.#policy.windowMs },
        { plugin: this.#name, cause: this.#lastError },
      );
      this.#set('quarantined', error, end);
      return;
    }
    const delay = Math.min(
      this.#policy.maxBackoffMs,
      this.#policy.backoffMs * 2 ** (this.#crashes.length - 1),
    );
    this.#set('restarting', this.#lastError, end);
    this.#restartTimer = setTimeout(() => void this.#restart(), delay);
  }

  async #restart(): Promise<void> {
    const activation = this.#activation;
    if (this.#status !== 'restarting' || activation === undefined) return;
    let next: SandboxConnection | undefined;
    try {
      next = await this.#start((end) => this.#ended(next, end));
    } catch (error) {
      this.#restartFailed(error);
      return;
    }
    if (this.#status !== 'restarting') {
      await next.dispose();
      return;
    }
    this.#connection = next;
    try {
      await next.call('activate', [], { ...activation, phase: 'activate (restart)' });
      if (this.#connection === next && !next.ended) this.#set('running');
    } catch (error) {
      // A sandbox that died during activation was already handled by #ended.
      if (next.ended) return;
      await next.dispose();
      this.#restartFailed(error);
    }
  }

  /** A restart that fails counts as one more crash of the same plugin. */
  #restartFailed(error: unknown): void {
    const detail = `restart failed: ${String((error as Error | undefined)?.message ?? error)}`;
    this.#ended(this.#connection, { kind: 'crash', detail });
  }

  /** Releases what the crashed incarnation registered, so the restart can register it anew. */
  async #release(connection: SandboxConnection | undefined): Promise<void> {
    for (const call of connection?.registrations() ?? []) {
      await this.#capabilities(call).catch(() => {});
    }
  }
}
