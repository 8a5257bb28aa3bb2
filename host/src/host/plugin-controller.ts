import type {
  GrantNarrowing,
  HostPluginEventName,
  PluginGrants,
  StackPluginError,
} from '@stack-plugin/pdk';
import type { CapabilityBroker } from '../broker/capability-broker.js';
import {
  type LifecycleEvent,
  PluginLifecycle,
  type PluginState,
} from '../lifecycle/plugin-lifecycle.js';
import type { SandboxStatusChange } from '../sandbox/supervisor.js';
import type { ControllerDeps, PluginRequest } from './_controller-deps.js';
import { IdleSandbox } from './_idle-sandbox.js';
import { PluginGrantState } from './_plugin-grants.js';
import type { PluginView } from './_plugin-view.js';
import { type PreparedPlugin, wrapPluginError } from './_prepare-plugin.js';
import { followSupervisor, isSupervised, SANDBOX_EVENTS } from './_sandbox-recovery.js';
import { startGeneration } from './_start-generation.js';
import type { PluginStatus } from './host-types.js';
import type { PluginGeneration } from './plugin-generation.js';
import { MetricsRecorder } from './plugin-metrics.js';

export type { ControllerDeps, PluginRequest } from './_controller-deps.js';

/**
 * The only writer of one plugin's state, last error and serving generation. Every change goes
 * through {@link PLUGIN_TRANSITIONS} (sandbox crashes, restarts and quarantines included, as
 * events reported by the plugin's supervisor), and every lifecycle operation runs serialised on
 * the plugin, so two operations never interleave. Calls and events reach the plugin through
 * the routes, not through the controller.
 */
export class PluginController implements PluginView {
  #request: PluginRequest;
  readonly metrics = new MetricsRecorder();
  readonly #deps: ControllerDeps;
  readonly #lifecycle: PluginLifecycle;
  #prepared: PreparedPlugin;
  #current: PluginGeneration | undefined;
  #error: StackPluginError | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #grants = new PluginGrantState();
  readonly #idle: IdleSandbox;

  constructor(prepared: PreparedPlugin, request: PluginRequest, deps: ControllerDeps) {
    this.#prepared = prepared;
    this.#request = request;
    this.#deps = deps;
    this.#lifecycle = new PluginLifecycle(prepared.pkg.name, deps.notify);
    const self = this;
    this.#idle = new IdleSandbox(
      {
        name: prepared.pkg.name,
        get state() {
          return self.state;
        },
        get request() {
          return self.#request;
        },
        get isolation() {
          return self.#prepared.isolation;
        },
        current: () => this.#current,
        serial: (work) => this.#serial(work),
        start: async () => this.#goLive(await this.#startGeneration(true), undefined),
        stop: async (generation) => {
          this.#deps.routes.withdraw(generation);
          this.#current = undefined;
          const failure = await this.#stopGeneration(generation);
          if (failure !== undefined) this.#error = failure;
        },
        fail: (error) => this.fail(error),
      },
      deps,
    );
  }

  get name(): string {
    return this.#prepared.pkg.name;
  }
  get prepared(): PreparedPlugin {
    return this.#prepared;
  }
  get state(): PluginState {
    return this.#lifecycle.state;
  }
  get error(): StackPluginError | undefined {
    return this.#error;
  }
  /** Whether the plugin is active with its sandbox ended for idleness; the next use starts it. */
  get idle(): boolean {
    return this.#idle.idle;
  }

  /** The permissions in force: the manifest's, narrowed (see {@link PluginView.grants}). */
  get grants(): PluginGrants {
    return this.#grants.of(this.#prepared);
  }

  /**
   * Replaces how the manifest's permissions are narrowed (the config entry's `grant`/`deny`
   * until then); the plugin's next capability call is checked against it. Not serialised with
   * lifecycle operations: a grant is read per call, by every generation alike.
   *
   * @throws {@link StackPluginError} `GRANT_INVALID` when a grant narrows nothing requested.
   */
  setGrants(narrowing: GrantNarrowing): PluginGrants {
    this.#grants.set(this.#prepared, narrowing);
    return this.grants;
  }

  /** The narrowing in force (runtime or config entry). */
  get narrowing(): GrantNarrowing {
    return this.#grants.narrowing(this.#prepared);
  }

  /** The public snapshot. */
  status(): PluginStatus {
    const { pkg, isolation } = this.#prepared;
    const grants = this.grants;
    return {
      name: pkg.name,
      version: pkg.version,
      dir: pkg.dir,
      state: this.state,
      isolation: this.#deps.executors.runsAt(isolation),
      manifest: pkg.manifest,
      ...(this.#error === undefined ? {} : { error: this.#error }),
      ...(this.#idle.idle ? { idle: true } : {}),
      permissions: [...grants.granted],
      requestedPermissions: [...grants.requested],
      withheldPermissions: [...grants.withheld],
      deniedPermissions: [...grants.deny],
      metrics: this.metrics.snapshot(),
    };
  }

  /** Known to the host: `discovered -> validated`. */
  admit(): void {
    this.#apply('validate');
  }

  /** Marks the plugin failed with `error` (redacted and logged); returns the error. */
  fail(error: StackPluginError): StackPluginError {
    this.#deps.redactor.redactError(error);
    this.#error = error;
    if (this.state !== 'failed') this.#apply('fail', error);
    this.#deps.log('error', error.message, this.name);
    return error;
  }

  /**
   * Leaves a lazy plugin checked but without code (`validated -> lazy`) until its first use
   * calls {@link activate}.
   */
  defer(): Promise<void> {
    return this.#serial(async () => {
      if (this.state === 'validated') this.#apply('defer');
    });
  }

  /** Loads fresh code and activates it; a failed plugin is retried. Idempotent. */
  activate(): Promise<void> {
    return this.#serial(async () => {
      if (this.state === 'active') return;
      await this.#discard();
      if (this.state === 'failed') this.#apply('retry');
      this.#error = undefined;
      try {
        const generation = await this.#startGeneration(true);
        this.#goLive(generation, undefined);
        if (this.state === 'validated' || this.state === 'lazy') this.#apply('load');
        this.#apply('activate');
      } catch (error) {
        throw this.fail(error as StackPluginError);
      }
    });
  }

  /**
   * Deactivates an active plugin, removing all it registered; disposes a failed one's sandbox;
   * a lazy one becomes `inactive` (disabled: its first use no longer activates it).
   */
  deactivate(): Promise<void> {
    return this.#serial(async () => {
      this.#idle.stop();
      if (this.state === 'failed') await this.#discard();
      if (this.state === 'lazy') return this.#apply('deactivate');
      if (this.state !== 'active') return;
      const generation = this.#current;
      this.#current = undefined;
      const failure = generation === undefined ? undefined : await this.#stopGeneration(generation);
      if (failure !== undefined) this.#error = failure;
      this.#apply('deactivate', failure);
    });
  }

  /** Stops whatever runs and makes the plugin `unloaded` (final). */
  unload(): Promise<void> {
    return this.#serial(async () => {
      this.#idle.stop();
      if (this.state === 'active') {
        const generation = this.#current;
        this.#current = undefined;
        const failure = generation && (await this.#stopGeneration(generation));
        if (failure !== undefined) this.#error = failure;
        this.#apply('deactivate', failure);
      }
      const generation = this.#current;
      this.#current = undefined;
      if (generation !== undefined) await this.#close(generation);
      if (this.#lifecycle.accepts('unload')) this.#apply('unload');
    });
  }

  /** How the plugin was last asked for (its host config entry as of the last reload). */
  get request(): PluginRequest {
    return this.#request;
  }

  /**
   * Hot swap to what `prepare` reads: an inactive plugin just takes it; an active one starts
   * the new code beside the old, switches every route in one step, lets calls in flight on the
   * old code finish, then stops it. When the new code fails the old one keeps serving.
   * `request` (from a re-read host config) is kept once the new code is prepared, so later
   * reloads and restarts use the same entry.
   */
  reload(
    prepare: (request: PluginRequest) => Promise<PreparedPlugin>,
    request: PluginRequest = this.#request,
  ): Promise<void> {
    return this.#serial(async () => {
      let next: PreparedPlugin;
      try {
        next = await prepare(request);
      } catch (error) {
        this.#announce('reload-fail', this.state, error as StackPluginError);
        throw error;
      }
      this.#request = request;
      if (this.state !== 'active') {
        this.#prepared = next;
        this.#announce('reload', this.state);
        return;
      }
      const previousPrepared = this.#prepared;
      this.#prepared = next;
      let generation: PluginGeneration;
      try {
        generation = await this.#startGeneration(false);
      } catch (error) {
        this.#prepared = previousPrepared;
        const redacted = this.#deps.redactor.redactError(error);
        this.#announce('reload-fail', this.state, redacted as StackPluginError);
        throw redacted;
      }
      const previous = this.#current;
      this.#goLive(generation, previous);
      if (previous !== undefined) {
        await previous.idle();
        const failure = await this.#stopGeneration(previous);
        if (failure !== undefined) this.#error = failure;
      }
      this.#announce('reload', this.state);
    });
  }

  /**
   * A call found the serving instance crashed. A supervised sandbox reports that through its
   * status (see {@link #supervised}); an instance of another executor cannot serve again: the
   * plugin is failed and the instance disposed.
   */
  crashed(generation: PluginGeneration, error: StackPluginError): void {
    if (isSupervised(generation.instance)) return;
    void this.#serial(async () => {
      if (this.#current !== generation || this.state !== 'active') return;
      this.fail(error);
      await this.#discard();
    }).catch(() => {});
  }

  #apply(event: LifecycleEvent, error?: StackPluginError): void {
    const from = this.state;
    this.#lifecycle.apply(event, error);
    this.#announce(event, from, error);
  }

  #announce(event: HostPluginEventName, from: PluginState, error?: StackPluginError): void {
    this.#deps.announce({
      plugin: this.name,
      version: this.#prepared.pkg.version,
      event,
      from,
      to: this.state,
      ...(error === undefined
        ? {}
        : { error: { code: String(error.code), message: String(error.message) } }),
    });
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => {});
    return next;
  }

  #goLive(next: PluginGeneration, previous: PluginGeneration | undefined): void {
    this.#deps.routes.goLive(next, previous);
    this.#current = next;
    this.#idle.watch(next);
  }

  /** Starts the sandbox of an idle plugin again (see {@link IdleSandbox.resume}). */
  resume(): Promise<void> {
    return this.#idle.resume();
  }

  /** Loads fresh code and runs `activate`; returns the new generation, not yet switched in. */
  #startGeneration(live: boolean): Promise<PluginGeneration> {
    return startGeneration({
      view: this,
      prepared: this.#prepared,
      deps: this.#deps,
      metrics: this.metrics,
      live,
      loaded: (generation, channel) => {
        const instance = generation.instance;
        if (isSupervised(instance)) {
          instance.onStatusChange((change) => this.#supervised(instance, change, channel));
        }
        if (live) this.#current = generation;
      },
      failed: (generation) => {
        if (this.#current === generation) this.#current = undefined;
      },
    });
  }

  /** Runs `deactivate` with its deadline, then removes everything the generation registered. */
  async #stopGeneration(generation: PluginGeneration): Promise<StackPluginError | undefined> {
    generation.live = false;
    let failure: StackPluginError | undefined;
    try {
      await generation.instance?.deactivate({
        caller: 'host',
        timeoutMs: this.#prepared.limits.timeoutMs,
      });
    } catch (error) {
      failure = this.#deps.redactor.redactError(wrapPluginError(error, this.name, 'deactivate'));
      this.#deps.log('warn', failure.message, this.name);
    } finally {
      await this.#close(generation);
    }
    return failure;
  }

  async #close(generation: PluginGeneration): Promise<void> {
    this.#deps.routes.clear(generation);
    await generation.instance?.dispose().catch(() => {});
    generation.instance = undefined;
  }

  /**
   * Disposes what is left of a plugin that is not active: the instance of a crashed sandbox
   * (which its supervisor may be restarting) stays until the plugin is enabled again,
   * disabled, unloaded or the host stops.
   */
  async #discard(): Promise<void> {
    const generation = this.#current;
    if (generation === undefined || this.state === 'active') return;
    this.#current = undefined;
    await this.#close(generation);
  }

  /** Follows the supervisor of a sandboxed instance (see {@link followSupervisor}). */
  #supervised(
    instance: PluginGeneration['instance'],
    change: SandboxStatusChange,
    channel: { handler: CapabilityBroker },
  ): void {
    const event = SANDBOX_EVENTS[change.to];
    const current = this.#current;
    if (current === undefined || instance === undefined || event === undefined) return;
    // A crash while the host is still activating it rejects `activate`, handled there.
    if (current.instance !== instance || !this.#lifecycle.accepts(event)) return;
    if (event === 'restart' && current.live) return;
    const outcome = followSupervisor(this, this.#deps, current, event, change, channel);
    this.#current = outcome.current;
    if (outcome.error !== 'keep') this.#error = outcome.error;
    if (event === 'restart') {
      this.#goLive(current, undefined);
      this.metrics.restarted();
    }
    this.#apply(event, this.#error);
    outcome.after?.(this.#error);
  }
}
