import {
  type ContributionKindName,
  type GrantNarrowing,
  HOST_API_VERSIONS,
  type JsonSchemaObject,
  type Manifest,
  type PluginEvent,
  type StackPluginError,
} from '@stack-plugin/pdk';
import type { CapabilityRecord } from '../broker/audit-log.js';
import type { HostCapability } from '../capabilities/host-capability.js';
import type { HostConfig, HostPolicy } from '../config/host-config.js';
import type {
  ContributionKind,
  IsolationLevel,
  PluginExecutor,
} from '../executor/plugin-executor.js';
import type { PluginState, StateChange } from '../lifecycle/plugin-lifecycle.js';
import type { SandboxExecutorOptions } from '../sandbox/sandbox-executor.js';
import type { HostServices } from '../services/host-services.js';
import type { ChainDefinition, WorkflowDefinition, WorkflowResult } from '../workflow/index.js';
import type { HostEventMap, HostEventType } from './host-events.js';
import type { PluginMetrics } from './plugin-metrics.js';

/**
 * The host API version plugins' `host` ranges are checked against by default: the newest of
 * pdk's `HOST_API_VERSIONS`, which the validator also checks ranges against.
 */
export const HOST_API_VERSION: string = HOST_API_VERSIONS.at(-1) ?? '1.0.0';

/** Options of {@link createHost}. */
export interface CreateHostOptions {
  /** Workspace root: fs permissions are relative to it; stack.config.json is looked up here. */
  root: string;
  /** Host config object, or a path to a stack.config.json; default `<root>/stack.config.json` if present. */
  config?: HostConfig | string;
  /** Service overrides; missing ones get the default adapters. */
  services?: Partial<HostServices>;
  /** Limits and isolation policy (isolation can only be raised, limits capped). */
  policy?: HostPolicy;
  /** Executors per isolation level; the in-process one serves `none` by default. */
  executors?: Partial<Record<IsolationLevel, PluginExecutor>>;
  /**
   * Options of the `limited` and `strict` executors the host creates when `executors` gives
   * none for that level: supervision (restart backoff, quarantine), RPC limits, hang grace,
   * spare sandboxes. The host closes the executors it created on `stop()`.
   */
  sandbox?: SandboxExecutorOptions;
  /** Environment for `${env.X}` config substitution and env overrides; default process.env. */
  env?: Record<string, string | undefined>;
  /** Host API version the plugins' `host` ranges are checked against. */
  hostApiVersion?: string;
  /**
   * Events kept by `host.events.history()` for replay: opt-in (default 0, none kept), and
   * bounded by payload bytes too (`policy.budgets.eventHistoryBytes`, default 8 MiB).
   */
  eventHistory?: number;
  /**
   * Capabilities this host defines for its plugins (`defineHostCapability(descriptor, impl)`):
   * plugins declare their permissions and call them as `ctx.host['<name>'].<method>(...)`, at
   * every isolation level, checked, validated and audited like the kit's own.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each capability keeps its own descriptor type.
  capabilities?: readonly HostCapability<any>[];
  /**
   * Audit records kept in memory (`host.audit()`), the oldest dropped first; default
   * `DEFAULT_AUDIT_CAPACITY` (10,000). `audit.capacity` in stack.config.json overrides it.
   */
  auditCapacity?: number;
  /**
   * Milliseconds without a call after which a sandboxed plugin's worker or child process is
   * stopped (its `deactivate` runs); the plugin stays `active` with `idle: true` in its status,
   * and its next use starts a new sandbox transparently (files verified again, `activate` run).
   * A plugin listening to events is never stopped. Default: never. A plugin's config entry
   * overrides it (`idleTimeoutMs`, 0 for never). In-process plugins have nothing to stop.
   */
  idleTimeoutMs?: number;
}

/** What the host reports about one plugin. */
export interface PluginStatus {
  name: string;
  version: string;
  dir: string;
  /**
   * Where it is in its life. `refused`: the host refused it before it could be admitted (not
   * found, manifest invalid, signature, policy, grants, host range); `error` says why, and it
   * stays listed until the host starts again or loads it.
   */
  state: PluginState;
  /**
   * The isolation its code runs at: the level of the executor serving the level it resolved to
   * (manifest, config entry and policy). A host that gives a weaker executor for a level, as the
   * test harness does by default, reports that executor's level here.
   */
  isolation: IsolationLevel;
  /**
   * Its manifest. For a `refused` plugin whose manifest could not be read (not found,
   * invalid), one that contributes and asks for nothing (`{ category: 'integration', host: '*' }`).
   */
  manifest: Manifest;
  /**
   * Present (true) while the plugin is active but its sandbox was stopped for idleness
   * (`idleTimeoutMs`): its contributions stay available and the next use starts it again.
   */
  idle?: boolean;
  /** The last failure: why it is `failed`, or why its last deactivation went wrong. */
  error?: StackPluginError;
  /**
   * The permissions it holds now: its manifest's, narrowed by its config entry's `grant` and
   * `deny` or by `host.setGrants`/`host.revoke`. The broker checks every call against these.
   */
  permissions: readonly string[];
  /** What its manifest asks for. */
  requestedPermissions: readonly string[];
  /** Requested permissions it does not hold as asked (replaced by a narrower grant, or denied). */
  withheldPermissions: readonly string[];
  /** The `deny` entries in force (permission kinds or permissions). */
  deniedPermissions: readonly string[];
  metrics: PluginMetrics;
}

/** Options of one contribution call. */
export interface CallOptions {
  /** Who calls: a plugin name, `host` (default) or a workflow id. */
  caller?: string;
  signal?: AbortSignal;
}

/** Options of `host.watch()`. */
export interface WatchPluginsOptions {
  /**
   * Names of the plugins to watch. Default: every plugin the host knows, including ones loaded
   * after `watch()` was called.
   */
  readonly plugins?: readonly string[];
  /**
   * Quiet time in milliseconds after a plugin's last file change before it is reloaded
   * (default 300), so an install that writes many files reloads once.
   */
  readonly debounceMs?: number;
  /** Called after every reload the watcher started, successful or not. */
  readonly onReload?: (reload: WatchedReload) => void;
}

/** One reload started by the watcher. */
export interface WatchedReload {
  /** The plugin's npm name. */
  readonly plugin: string;
  /** Whether the new code serves now. When false the previous code keeps serving. */
  readonly ok: boolean;
  /** Why the reload failed (`INTEGRITY_MISMATCH`, `MANIFEST_INVALID`, ...), when it did. */
  readonly error?: StackPluginError | Error;
  /** Paths (relative to the plugin folder, `/`-separated) whose change led to it. */
  readonly changes: readonly string[];
}

/** A running watch, from `host.watch()`. */
export interface PluginWatch {
  /** Names of the plugins being watched now. */
  watched(): string[];
  /** Stops watching; waits for a reload in progress. Idempotent. */
  close(): Promise<void>;
}

/**
 * Whether a contribution can be used now: `available` (its plugin is active, or lazy: the first
 * call activates it), `disabled` (its
 * plugin is known but not active: not enabled yet, disabled or stopped), `refused` (its plugin
 * failed or was refused before loading; the contribution carries the plugin's `error`).
 */
export type ContributionState = 'available' | 'disabled' | 'refused';

/** One contribution of one plugin, as `host.contributions()` lists it. */
export interface ContributionInfo {
  readonly kind: ContributionKindName;
  readonly id: string;
  /**
   * What `host.call` (and a workflow's `uses`) takes for it, `<kind>:<id>`; undefined for the
   * kinds that register no handler (workflows, events, themes).
   */
  readonly ref: string | undefined;
  /** The npm name of the plugin that contributes it. */
  readonly plugin: string;
  readonly title?: string;
  readonly description?: string;
  /** Its JSON Schemas as the manifest declares them (`payload` for events). */
  readonly input?: JsonSchemaObject;
  readonly output?: JsonSchemaObject;
  readonly config?: JsonSchemaObject;
  readonly payload?: JsonSchemaObject;
  readonly state: ContributionState;
  /** Why its plugin failed, when `state` is `refused`. */
  readonly error?: StackPluginError;
  /** The permissions granted to its plugin: what running it may use. */
  readonly permissions: readonly string[];
}

/** Filters of `host.contributions()`; both optional. */
export interface ContributionQuery {
  readonly kind?: ContributionKindName;
  readonly plugin?: string;
}

/** The running host. */
export interface Host {
  /**
   * Discover, validate, check host ranges and the requires graph, then load and activate all
   * enabled plugins (independent ones in parallel). Rejects with `HOST_STARTUP_FAILED` listing
   * every failing plugin; healthy plugins stay active. A lazy plugin (manifest
   * `activationEvents` without `onStartup`) is verified like the others but left `lazy`: the
   * first call of a contribution it declares, run of its workflow or event on one of its
   * `onEvent:` topics activates it (and the lazy plugins it requires, first).
   */
  start(): Promise<void>;
  /** Deactivate and unload everything, in reverse dependency order. */
  stop(): Promise<void>;
  /**
   * Load one more plugin from a folder (absolute or root-relative) or an installed package and,
   * unless `activate` is false, activate it as `start` would: a lazy plugin is left `lazy`.
   */
  load(
    source: { path: string } | { package: string },
    options?: {
      config?: Record<string, unknown>;
      isolation?: IsolationLevel;
      activate?: boolean;
      /** Narrows its manifest's permissions, as `grant`/`deny` in a config entry do. */
      grants?: GrantNarrowing;
    },
  ): Promise<PluginStatus>;
  /** Activate a plugin (and what it requires), a lazy one included. Idempotent. */
  enable(name: string): Promise<void>;
  /**
   * Deactivate a plugin (and what requires it), removing all it registered; a lazy one becomes
   * `inactive`, so its first use no longer activates it. Idempotent.
   */
  disable(name: string): Promise<void>;
  /** Disable, then forget a plugin. */
  unload(name: string): Promise<void>;
  /** Hot swap: re-read the plugin from disk, activate the new code, then switch atomically. */
  reload(name: string): Promise<void>;
  plugins(): PluginStatus[];
  plugin(name: string): PluginStatus | undefined;
  /** Run a contributed command (input and output validated against the manifest schemas). */
  execute(commandId: string, input?: unknown, options?: CallOptions): Promise<unknown>;
  /**
   * Every contribution of the plugins the host knows, read from their manifests (no plugin
   * code runs), with its plugin, title, schemas, state and the permissions behind it; filtered
   * by `kind` and `plugin`. In plugin order, then the manifest's order of kinds.
   */
  contributions(query?: ContributionQuery): ContributionInfo[];
  /**
   * Run the contribution `ref` names: a command id, or `<kind>:<id>` for any callable kind
   * (`skills:summarize`, `transformers:upper`; pdk's `CALLABLE_KINDS`), as a workflow's `uses`
   * writes it. Same checks as `execute` and `invoke`.
   */
  call(ref: string, input?: unknown, options?: CallOptions): Promise<unknown>;
  /** Run a contribution of another kind. */
  invoke(
    kind: ContributionKind,
    id: string,
    input?: unknown,
    options?: CallOptions,
  ): Promise<unknown>;
  /** Micro-plugin chains: sequence, parallel, conditional. */
  runChain(
    chain: ChainDefinition,
    input: unknown,
    options?: { signal?: AbortSignal },
  ): Promise<unknown>;
  /** Run a workflow: a contributed or configured id, or an inline definition. */
  runWorkflow(
    workflow: string | WorkflowDefinition,
    input?: unknown,
    options?: { signal?: AbortSignal },
  ): Promise<WorkflowResult>;
  readonly events: {
    /** Publishes as the host (source `host`); resolves when every listener has finished. */
    emit(topic: string, payload?: unknown): Promise<void>;
    on(pattern: string, listener: (event: PluginEvent) => unknown): () => void;
    history(): readonly PluginEvent[];
  };
  /**
   * Every capability use, allowed or denied, that the host keeps in memory (the most recent
   * 10,000, `DEFAULT_AUDIT_CAPACITY`; see `auditCapacity` and `audit.capacity`), with the
   * policy decisions (`capability: 'policy'`), the host's own records about plugins
   * (`capability: 'host'`: `refuse`, `reload`, `reload-fail`, `crash`, `quarantine`, the error
   * code as `target`) and the calls the application made through `execute`, `invoke` and `call`
   * (under `CallOptions.caller`, default `host`). With `audit.file` in stack.config.json each
   * one is also appended to that file as a JSON line (see `readAuditFiles`).
   */
  audit(): readonly CapabilityRecord[];
  /**
   * The per-plugin metrics of {@link PluginStatus.metrics} in the Prometheus text exposition
   * format (`formatPrometheusMetrics`), for a `/metrics` endpoint served with
   * `PROMETHEUS_CONTENT_TYPE`. Loads prom-client on first use.
   */
  metricsText(): Promise<string>;
  /**
   * Replaces how a plugin's manifest permissions are narrowed (its config entry's `grant` and
   * `deny` until then; `{}` restores the manifest's). Applies to its next capability call at
   * every isolation level, calls already past their check finish; kept across reloads.
   *
   * @throws `GRANT_INVALID` when a grant narrows no permission the manifest asks for,
   * `PLUGIN_NOT_FOUND` for an unknown plugin.
   */
  setGrants(plugin: string, narrowing: GrantNarrowing): PluginStatus;
  /**
   * Takes a permission away from a plugin at run time: `permission` joins its `deny` list (a
   * kind such as `net`, or a permission). Its next capability call it matches is refused
   * with `PERMISSION_DENIED` and audited.
   */
  revoke(plugin: string, permission: string): PluginStatus;
  /**
   * Subscribes to one kind of host event; returns off(). Plugin events are pdk's
   * `HOST_PLUGIN_EVENTS` (`plugin.refused`, `plugin.loaded`, `plugin.activated`,
   * `plugin.reloaded`, `plugin.reload-failed`, `plugin.crashed`, ...: the `host.plugin.*`
   * topics of `host.events.on` without `host.`) with a `HostPluginEvent`; `audit` delivers
   * every audit record once, as it is written; `metrics` a `CallSample` per contribution call
   * as it ends (rejected calls included). A listener that throws is logged, never fails the
   * host. Throws `HOST_EVENT_UNKNOWN` for another type.
   *
   * @example
   * ```ts
   * import { appendFileSync } from 'node:fs';
   * import { createHost } from '@stack-plugin/host';
   *
   * const host = createHost({ root: process.cwd() });
   * const off = host.on('plugin.refused', (e) => console.error(e.plugin, e.error?.code));
   * host.on('audit', (record) => appendFileSync('audit.jsonl', `${JSON.stringify(record)}\n`));
   * await host.start().catch(() => {}); // refused plugins are in host.plugins() too
   * off();
   * ```
   */
  on<T extends HostEventType>(type: T, listener: (event: HostEventMap[T]) => void): () => void;
  /** Subscribe to lifecycle changes. Returns off(). */
  onStateChange(listener: (change: StateChange) => void): () => void;
  /**
   * Reload plugins when their installed files change (debounced per plugin), robust to files
   * and folders replaced by unlink + create as npm and tar do. Each reload is `reload()`: the
   * old code serves until the new one is active, integrity and signatures are verified again,
   * and a failed reload leaves the old code serving. Resolves once the folders are watched.
   */
  watch(options?: WatchPluginsOptions): Promise<PluginWatch>;
}
