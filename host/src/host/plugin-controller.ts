import {
  type ContextEntry,
  type GrantNarrowing,
  type HostPluginEvent,
  type HostPluginEventName,
  narrowGrants,
  type PluginGrants,
  type StackPluginError,
} from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import type { HostPluginEntry, HostPolicy } from '../config/host-config.js';
import type { CapabilityHandler, IsolationLevel } from '../executor/plugin-executor.js';
import {
  type LifecycleEvent,
  PluginLifecycle,
  type PluginState,
  type StateChange,
} from '../lifecycle/plugin-lifecycle.js';
import type { SandboxStatusChange } from '../sandbox/supervisor.js';
import type { Clock } from '../services/host-services.js';
import type { PluginView } from './_plugin-view.js';
import {
  assertGrantNarrowing,
  type PreparedPlugin,
  takeVerifiedFiles,
  wrapPluginError,
} from './_prepare-plugin.js';
import { crashError, isSupervised, SANDBOX_EVENTS } from './_sandbox-recovery.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { ExecutorPool } from './executor-pool.js';
import type { PluginStatus } from './host-types.js';
import { PluginGeneration } from './plugin-generation.js';
import { MetricsRecorder } from './plugin-metrics.js';

/** What a {@link PluginController} needs from its host. */
export interface ControllerDeps {
  readonly routes: ContributionRoutes;
  readonly executors: ExecutorPool;
  readonly redactor: Redactor;
  /** Read per load: a stopped host that starts again gets fresh services. */
  clock(): Clock;
  /** The host policy (signatures, trusted keys), read per load for re-verification. */
  policy(): HostPolicy;
  /**
   * Applies the plugin's declared database migrations (`db` in its manifest) from the files
   * it is loaded from; runs before every generation's `activate`, and a migration applied
   * earlier is never run again.
   */
  migrate(
    plugin: PreparedPlugin,
    files: ReadonlyMap<string, Uint8Array> | undefined,
  ): Promise<unknown>;
  /** A fresh broker for one generation of a plugin. */
  brokerFor(plugin: PluginView, generation: PluginGeneration): CapabilityHandler;
  /** The `ctx` layout of the host's own capabilities, handed to every executor. */
  readonly hostLayout?: readonly ContextEntry[];
  log(level: 'info' | 'warn' | 'error', message: string, plugin: string): void;
  notify(change: StateChange): void;
  /** Publishes what happened to the plugin (every lifecycle event, and reloads). */
  announce(event: HostPluginEvent): void;
  /** The host's idle time for sandboxes (`idleTimeoutMs` of createHost), unless the entry sets one. */
  idleTimeoutMs(): number | undefined;
}

/** How a plugin was asked for, kept so that a reload prepares it the same way. */
export interface PluginRequest {
  readonly entry: HostPluginEntry | undefined;
  readonly runtimeConfig: Record<string, unknown> | undefined;
  readonly isolation: IsolationLevel | undefined;
}

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
  /** Set by `host.setGrants`/`revoke`: replaces the config entry's narrowing, across reloads. */
  #narrowing: GrantNarrowing | undefined;
  #grants: { from: PreparedPlugin; narrowing: GrantNarrowing; grants: PluginGrants } | undefined;
  /** Set while the plugin is active but its sandbox was ended for idleness (see {@link #park}). */
  #idle = false;
  #idleTimer: unknown;

  constructor(prepared: PreparedPlugin, request: PluginRequest, deps: ControllerDeps) {
    this.#prepared = prepared;
    this.#request = request;
    this.#deps = deps;
    this.#lifecycle = new PluginLifecycle(prepared.pkg.name, deps.notify);
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
    return this.#idle;
  }

  /** The permissions in force: the manifest's, narrowed (see {@link PluginView.grants}). */
  get grants(): PluginGrants {
    const from = this.#prepared;
    const narrowing = this.#narrowing ?? from.narrowing;
    const memo = this.#grants;
    if (memo !== undefined && memo.from === from && memo.narrowing === narrowing)
      return memo.grants;
    const grants = narrowGrants(from.pkg.manifest.permissions ?? [], narrowing);
    this.#grants = { from, narrowing, grants };
    return grants;
  }

  /**
   * Replaces how the manifest's permissions are narrowed (the config entry's `grant`/`deny`
   * until then); the plugin's next capability call is checked against it. Not serialised with
   * lifecycle operations: a grant is read per call, by every generation alike.
   *
   * @throws {@link StackPluginError} `GRANT_INVALID` when a grant narrows nothing requested.
   */
  setGrants(narrowing: GrantNarrowing): PluginGrants {
    const copy: GrantNarrowing = {
      ...(narrowing.grant === undefined ? {} : { grant: [...narrowing.grant] }),
      ...(narrowing.deny === undefined ? {} : { deny: [...narrowing.deny] }),
    };
    assertGrantNarrowing(this.name, this.#prepared.pkg.manifest.permissions ?? [], copy);
    this.#narrowing = copy;
    return this.grants;
  }

  /** The narrowing in force (runtime or config entry). */
  get narrowing(): GrantNarrowing {
    return this.#narrowing ?? this.#prepared.narrowing;
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
      ...(this.#idle ? { idle: true } : {}),
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
      this.#disarmIdle();
      this.#idle = false;
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
      this.#disarmIdle();
      this.#idle = false;
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

  /**
   * Hot swap to `next`: an inactive plugin just takes it; an active one starts the new code
   * beside the old, switches every route in one step, lets calls in flight on the old code
   * finish, then stops it. When the new code fails the old one keeps serving.
   */
  /** How the plugin was last asked for (its host config entry as of the last reload). */
  get request(): PluginRequest {
    return this.#request;
  }

  /**
   * Hot swap to what `prepare` reads; `request` (from a re-read host config) is kept once the
   * new code is prepared, so later reloads and restarts use the same entry.
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
      this.#idle = false;
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
    this.#armIdle(next);
  }

  /**
   * Starts the sandbox of an idle plugin again (see {@link #park}): a new generation, its
   * files verified again and its `activate` run, as for any start. Concurrent uses share it
   * (the serial queue); a failure fails the plugin, and the use that woke it gets the error.
   */
  resume(): Promise<void> {
    return this.#serial(async () => {
      if (!this.#idle || this.state !== 'active') return;
      // Idle until the new generation is routed: a call missing the route meanwhile must find
      // the plugin idle and wait here, not be told the command does not exist.
      try {
        const generation = await this.#startGeneration(true);
        this.#idle = false;
        this.#goLive(generation, undefined);
      } catch (error) {
        this.#idle = false;
        throw this.fail(error as StackPluginError);
      }
    });
  }

  /**
   * The idle time of a sandboxed plugin (its config entry's `idleTimeoutMs`, else the host's),
   * or undefined when it never idles: in-process plugins have no sandbox to end.
   */
  #idleTimeoutMs(): number | undefined {
    const ms = this.#request.entry?.idleTimeoutMs ?? this.#deps.idleTimeoutMs();
    if (ms === undefined || ms <= 0) return undefined;
    return this.#deps.executors.runsAt(this.#prepared.isolation) === 'none' ? undefined : ms;
  }

  /**
   * Checks every idle period whether `generation` served a call since the last check; when it
   * did not, has none in flight and no event listener (an event is a use the host cannot
   * route to a stopped sandbox), it is parked. Reading a counter per period keeps the call
   * path free of clock reads, so a sandbox ends between one and two idle periods after its
   * last call.
   */
  #armIdle(generation: PluginGeneration): void {
    this.#disarmIdle();
    const idleMs = this.#idleTimeoutMs();
    if (idleMs === undefined) return;
    const clock = this.#deps.clock();
    let seen = generation.calls;
    const check = () => {
      if (this.#current !== generation || !generation.live) return;
      if (generation.calls === seen && !generation.busy && generation.listeners.size === 0) {
        void this.#serial(() => this.#park(generation, seen)).catch(() => {});
        return;
      }
      seen = generation.calls;
      this.#idleTimer = clock.setTimeout(check, idleMs);
      (this.#idleTimer as { unref?: () => void }).unref?.();
    };
    this.#idleTimer = clock.setTimeout(check, idleMs);
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }

  /** Stops the idle timer. */
  #disarmIdle(): void {
    if (this.#idleTimer === undefined) return;
    this.#deps.clock().clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  /**
   * Ends the sandbox of an idle plugin that stays `active` (no lifecycle event: its
   * contributions stay available). The routes are withdrawn in the same synchronous step that
   * finds no call in flight and none begun since `seen`, so no call can reach the instance
   * being stopped: the next one misses, and the host's `wake` calls {@link resume}.
   */
  async #park(generation: PluginGeneration, seen: number): Promise<void> {
    if (this.#current !== generation || this.state !== 'active' || !generation.live) return;
    if (generation.calls !== seen || generation.busy) return this.#armIdle(generation);
    this.#deps.routes.withdraw(generation);
    this.#current = undefined;
    this.#idle = true;
    const failure = await this.#stopGeneration(generation);
    if (failure !== undefined) this.#error = failure;
    this.#deps.log(
      'info',
      `"${this.name}" was idle: its sandbox was stopped until its next use.`,
      this.name,
    );
  }

  /** Loads fresh code and runs `activate`; returns the new generation, not yet switched in. */
  async #startGeneration(live: boolean): Promise<PluginGeneration> {
    const { pkg, limits, config, isolation } = this.#prepared;
    const { routes, executors, brokerFor } = this.#deps;
    const plugin = pkg.name;
    // Verified again for every generation (enable after disable, reload, restart): the
    // executor then runs these bytes, not whatever is on disk by the time it imports.
    const files = await takeVerifiedFiles(this.#prepared, this.#deps.policy());
    // Before any code of the new generation runs, so `activate` finds its tables.
    await this.#deps.migrate(this.#prepared, files);
    const generation = new PluginGeneration(live);
    routes.adopt(generation, this);
    // Through a channel: after a sandbox restart the same instance talks to a new generation.
    const channel = { handler: brokerFor(this, generation) };
    let started = performance.now();
    try {
      generation.instance = await (await executors.get(isolation)).load({
        plugin: { name: plugin, version: pkg.version, dir: pkg.dir, entry: pkg.entry, files },
        config,
        limits,
        capabilities: (call) => channel.handler(call),
        ...(this.#deps.hostLayout === undefined ? {} : { hostLayout: this.#deps.hostLayout }),
        clock: this.#deps.clock(),
      });
    } catch (error) {
      routes.clear(generation);
      throw wrapPluginError(error, plugin, 'load');
    }
    const instance = generation.instance;
    if (isSupervised(instance)) {
      instance.onStatusChange((change) => this.#supervised(instance, change, channel));
    }
    this.metrics.loadMs = performance.now() - started;
    if (live) this.#current = generation;
    started = performance.now();
    try {
      await instance.activate({ caller: 'host', timeoutMs: limits.timeoutMs });
    } catch (error) {
      routes.clear(generation);
      if (this.#current === generation) this.#current = undefined;
      await instance.dispose().catch(() => {});
      throw wrapPluginError(error, plugin, 'activate');
    }
    this.metrics.activateMs = performance.now() - started;
    return generation;
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

  /**
   * Follows the supervisor of a sandboxed instance. A crash closes the serving generation,
   * fails the plugin with `PLUGIN_CRASHED` and stages a generation (not routed) for the
   * incarnation the supervisor may restart; a restart routes the staged generation (holding
   * what the new incarnation registered) and the plugin is active again; a quarantine keeps it
   * failed with `PLUGIN_QUARANTINED` and disposes the instance. Changes of an instance that no
   * longer serves the plugin (being stopped, or replaced by a reload) are ignored.
   */
  #supervised(
    instance: PluginGeneration['instance'],
    change: SandboxStatusChange,
    channel: { handler: CapabilityHandler },
  ): void {
    const current = this.#current;
    const event = SANDBOX_EVENTS[change.to];
    if (current === undefined || instance === undefined || event === undefined) return;
    if (current.instance !== instance) return;
    // A crash while the host is still activating it rejects `activate`, handled there.
    if (!this.#lifecycle.accepts(event) || (event === 'restart' && current.live)) return;
    const { routes, redactor, log } = this.#deps;
    if (event === 'crash') {
      routes.clear(current);
      const staged = new PluginGeneration(false);
      routes.adopt(staged, this);
      staged.instance = instance;
      channel.handler = this.#deps.brokerFor(this, staged);
      this.#current = staged;
      const phase = this.state === 'active' ? 'running' : 'restarting';
      this.#error = redactor.redactError(crashError(this.#prepared, change, phase));
      this.#apply('crash', this.#error);
      log('error', this.#error.message, this.name);
    } else if (event === 'restart') {
      this.#goLive(current, undefined);
      this.#error = undefined;
      this.metrics.restarted();
      this.#apply('restart');
      log('info', `"${this.name}" was restarted after a crash and is active again.`, this.name);
    } else {
      routes.clear(current);
      this.#current = undefined;
      // The supervisor's PLUGIN_QUARANTINED, with the last crash as its cause.
      if (change.error !== undefined) this.#error = redactor.redactError(change.error);
      this.#apply('quarantine', this.#error);
      log('error', this.#error?.message ?? `"${this.name}" was quarantined.`, this.name);
      void instance.dispose().catch(() => {});
    }
  }
}
