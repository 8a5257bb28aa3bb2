import { pathToFileURL } from 'node:url';
import {
  type ContributionKind,
  type Host,
  hostErrors,
  type IsolationLevel,
  type LogRecord,
  type PluginExecutor,
  type PluginStatus,
} from '@stack-plugin/host';
import { pluginStateScope } from '@stack-plugin/host/internal';
import {
  createError,
  type FullPluginContext,
  type GrantNarrowing,
  type PluginEvent,
} from '@stack-plugin/pdk';
import type { TestServices } from '../services/test-services.js';
import type { PluginSource, PluginStager, StagedPlugin } from './_plugin-source.js';
import {
  collectProblems,
  explainNoRoute,
  type FailOnOptions,
  type HarnessProblem,
  unexpectedCallsError,
} from './_problems.js';
import { contextAs, type HarnessExecutorHooks, type LoadedPlugin } from './harness-executor.js';
import {
  type AuditRecord,
  type CapabilityCallRecord,
  HARNESS_RECORDS,
  type HarnessRecords,
} from './harness-records.js';
import type { MountOptions } from './mount-options.js';
import { untrackOpenHost } from './open-hosts.js';
import type { CommandId, CommandOutput, ContributionIdOf, RegisteredKind } from './registry-ids.js';

// TestHost and MountedPlugin refer to each other (a host lists its plugins, a plugin names
// its host), so they share this module rather than importing each other.

/**
 * One plugin mounted in a test host. Its records (calls, events, logs, audit) cover only this
 * plugin, so matchers on it answer "did this plugin do X".
 */
export class MountedPlugin {
  /** The test host it is mounted in. */
  readonly testHost: TestHost;
  /** npm name. */
  readonly name: string;
  /** The plugin's own folder (undefined for an inline plugin). */
  readonly dir: string | undefined;
  readonly #loaded: () => LoadedPlugin | undefined;

  /** @internal Created by `TestHost.mount`. */
  constructor(testHost: TestHost, staged: StagedPlugin, loaded: () => LoadedPlugin | undefined) {
    this.testHost = testHost;
    this.name = staged.name;
    this.dir = staged.sourceDir;
    this.#loaded = loaded;
  }

  /** The host's view of the plugin: state, version, isolation, manifest, last error. */
  status(): PluginStatus {
    const status = this.testHost.host.plugin(this.name);
    if (status === undefined) throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: this.name });
    return status;
  }

  /** Runs one of its commands as the test: the id is typed from the registry, the input is not. */
  execute<K extends CommandId>(
    commandId: K,
    input?: unknown,
    options: { signal?: AbortSignal } = {},
  ): Promise<CommandOutput<K>> {
    return this.testHost.execute(commandId, input, options) as Promise<CommandOutput<K>>;
  }

  /** Runs one of its contributions of another kind (step, transformer, ...) as the test. */
  invoke<Kind extends RegisteredKind>(
    kind: Kind,
    id: ContributionIdOf<Kind>,
    input?: unknown,
    options: { signal?: AbortSignal } = {},
  ): Promise<unknown> {
    return this.testHost.invoke(kind, id, input, options);
  }

  /**
   * A `ctx` whose capability calls are made as this plugin, through the host's broker for it:
   * the same permission checks, audit records and services the plugin's own calls get. For
   * tests and the security suite; registering handlers through it has no effect on the host.
   */
  asPlugin(): FullPluginContext {
    const loaded = this.#loaded();
    const cause = new Error('the plugin has not been loaded by the test host yet');
    if (loaded === undefined)
      throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: this.name }, { cause });
    return contextAs(loaded);
  }

  /** Activates it: again after `disable()`, or a lazy one now rather than on first use. */
  enable(): Promise<void> {
    return this.testHost.host.enable(this.name);
  }

  /** Deactivates it; everything it registered is removed. */
  disable(): Promise<void> {
    return this.testHost.host.disable(this.name);
  }

  /** Replaces how its permissions are narrowed (`host.setGrants`); the next call sees it. */
  setGrants(narrowing: GrantNarrowing): PluginStatus {
    return this.testHost.host.setGrants(this.name, narrowing);
  }

  /** Takes a permission (or a kind: `net`) away at run time (`host.revoke`). */
  revoke(permission: string): PluginStatus {
    return this.testHost.host.revoke(this.name, permission);
  }

  /** Re-reads it from disk and swaps in the new code. */
  reload(): Promise<void> {
    return this.testHost.host.reload(this.name);
  }

  /** Capability calls this plugin made. */
  get calls(): readonly CapabilityCallRecord[] {
    return this.testHost.calls.filter((c) => c.plugin === this.name);
  }

  /** Events this plugin emitted. */
  get events(): readonly PluginEvent[] {
    return this.testHost.events.filter((e) => e.source === this.name);
  }

  /** Log records this plugin wrote. */
  get logs(): readonly LogRecord[] {
    return this.testHost.logs.filter((r) => r.plugin === this.name);
  }

  /** This plugin's audit records. */
  audit(): readonly AuditRecord[] {
    return this.testHost.audit().filter((r) => r.plugin === this.name);
  }

  /** What the matchers read: this plugin's records only. */
  get [HARNESS_RECORDS](): HarnessRecords {
    return {
      label: `plugin "${this.name}"`,
      events: () => this.events,
      logs: () => this.logs,
      calls: () => this.calls,
      audit: () => this.audit(),
      metrics: () => this.status().metrics.recorded.map((m) => ({ ...m, plugin: this.name })),
      acknowledge: (records) => this.testHost.acknowledge(records),
      invoke: (kind, id, input) => this.testHost.invoke(kind, id, input),
    };
  }
}

/**
 * The real Stack host wired to in-memory services, with every capability call recorded.
 * Create it with {@link createTestHost}.
 */
export class TestHost {
  /** The real host; everything it does goes through the services below. */
  readonly host: Host;
  /** The in-memory services, each with its spy record. */
  readonly services: TestServices;
  readonly #calls: CapabilityCallRecord[] = [];
  readonly #events: PluginEvent[] = [];
  readonly #loaded = new Map<string, LoadedPlugin>();
  readonly #mounted = new Map<string, MountedPlugin>();
  readonly #stager: PluginStager;
  readonly #seen = new WeakSet<object>();
  readonly #failOn: FailOnOptions;
  readonly #cleanup: Array<() => unknown> = [];
  #seq = 0;
  #disposed: Promise<void> | undefined;

  readonly #mode: 'in-process' | 'declared';
  readonly #importPlugin: (url: string) => Promise<unknown>;
  readonly #closeExecutors: () => Promise<void>;

  /** @internal Use {@link createTestHost}. */
  constructor(parts: {
    services: TestServices;
    mode: 'in-process' | 'declared';
    failOn: FailOnOptions | undefined;
    stager: PluginStager;
    build: (executors: Partial<Record<IsolationLevel, PluginExecutor>>) => Host;
    executors: (hooks: HarnessExecutorHooks) => Partial<Record<IsolationLevel, PluginExecutor>>;
    importPlugin: (url: string) => Promise<unknown>;
    /** Releases what the executors hold (sandboxes). */
    closeExecutors: () => Promise<void>;
  }) {
    this.#closeExecutors = parts.closeExecutors;
    this.#importPlugin = parts.importPlugin;
    this.services = parts.services;
    this.#stager = parts.stager;
    this.#failOn = parts.failOn ?? {};
    this.#mode = parts.mode;
    this.host = parts.build(
      parts.executors({
        record: (call) => this.#calls.push({ ...call, seq: ++this.#seq }),
        loaded: (plugin) => this.#loaded.set(plugin.request.plugin.name, plugin),
        rewriteError: (plugin, call, error) =>
          explainNoRoute(this.host.audit(), plugin, call, error),
      }),
    );
    this.#cleanup.push(this.host.events.on('**', (event) => void this.#events.push(event)));
  }

  /** The workspace files (memfs, or a temp directory with `tempDir`). */
  get fs(): TestServices['fs'] {
    return this.services.fs;
  }
  /** The network: routes and the requests that reached them. */
  get net(): TestServices['net'] {
    return this.services.net;
  }
  /** Program fakes and the runs that reached them. */
  get exec(): TestServices['exec'] {
    return this.services.exec;
  }
  /** Environment variables and the names read. */
  get env(): TestServices['env'] {
    return this.services.env;
  }
  /** Secret values and the names read. */
  get secrets(): TestServices['secrets'] {
    return this.services.secrets;
  }
  /** Durable state of every plugin and the shared store. */
  get state(): TestServices['state'] {
    return this.services.state;
  }
  /** The fake clock the host stamps events, logs and audit records with. */
  get clock(): TestServices['clock'] {
    return this.services.clock;
  }
  /** Every log record, redacted by the host. */
  get logger(): TestServices['logger'] {
    return this.services.logger;
  }

  /** Every event published on the host bus, in order. */
  get events(): readonly PluginEvent[] {
    return this.#events;
  }

  /** Every log record (secrets already redacted by the host), in order. */
  get logs(): readonly LogRecord[] {
    return this.services.logger.records;
  }

  /** Every capability call any plugin made, in order. */
  get calls(): readonly CapabilityCallRecord[] {
    return this.#calls;
  }

  /** The host's audit log: every capability use, allowed or denied. */
  audit(): readonly AuditRecord[] {
    return this.host.audit();
  }

  /** The plugins mounted so far. */
  get plugins(): readonly MountedPlugin[] {
    return [...this.#mounted.values()];
  }

  /** Loads (and by default activates) a plugin from its folder or an inline definition. */
  async mount(source: PluginSource, options: MountOptions = {}): Promise<MountedPlugin> {
    const staged = this.#stager.stage(source, this.#mode === 'in-process');
    if (options.state !== undefined) {
      this.services.state.seed(pluginStateScope(staged.name), options.state);
    }
    await this.host.load(
      { path: staged.dir },
      {
        ...(options.config === undefined ? {} : { config: options.config }),
        activate: options.activate ?? true,
        ...(options.grants === undefined ? {} : { grants: options.grants }),
      },
    );
    const mounted = new MountedPlugin(this, staged, () => this.#loaded.get(staged.name));
    this.#mounted.set(staged.name, mounted);
    return mounted;
  }

  /** A mounted plugin by name. */
  plugin(name: string): MountedPlugin {
    const mounted = this.#mounted.get(name);
    if (mounted === undefined) throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: name });
    return mounted;
  }

  /** Runs a contributed command as the test (`caller` defaults to `test`). */
  execute(
    commandId: string,
    input?: unknown,
    options: { caller?: string; signal?: AbortSignal } = {},
  ): Promise<unknown> {
    return this.host.execute(commandId, input, { caller: 'test', ...options });
  }

  /** Runs a contribution of another kind (step, transformer, ...) as the test. */
  invoke(
    kind: ContributionKind,
    id: string,
    input?: unknown,
    options: { caller?: string; signal?: AbortSignal } = {},
  ): Promise<unknown> {
    return this.host.invoke(kind, id, input, { caller: 'test', ...options });
  }

  /** Publishes an event as the host. */
  emit(topic: string, payload?: unknown): Promise<void> {
    return this.host.events.emit(topic, payload);
  }

  /** Problems not reported yet: unmatched or denied requests, unfaked programs (see `failOn`). */
  problems(): HarnessProblem[] {
    return collectProblems(this.#calls, this.host.audit(), this.#seen, this.#failOn);
  }

  /** Throws TEST_UNEXPECTED_CALLS listing every problem not reported yet. */
  verify(): void {
    const problems = this.problems();
    if (problems.length > 0) throw unexpectedCallsError(problems);
  }

  /** Stops the host and releases staging folders and the temp workspace. Idempotent. */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      untrackOpenHost(this);
      for (const off of this.#cleanup.splice(0)) off();
      try {
        await this.host.stop();
      } finally {
        await this.#closeExecutors();
        await this.#stager.dispose();
        await this.services.dispose();
      }
    })();
    return this.#disposed;
  }

  /** Same as {@link TestHost.dispose}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** @internal The plugin instance the host loaded last under `name`. */
  loadedPlugin(name: string): LoadedPlugin | undefined {
    return this.#loaded.get(name);
  }

  /**
   * @internal The module of a loaded plugin's entry, imported as the in-process executor
   * imports it (a fresh instance), for suites that call its handlers bare.
   */
  async importPluginModule(name: string): Promise<unknown> {
    const loaded = this.#loaded.get(name);
    if (loaded === undefined) throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: name });
    const url = pathToFileURL(loaded.request.plugin.entry);
    url.search = `?stack-plugin-bare=${++this.#seq}`;
    return this.#importPlugin(url.href);
  }

  /** @internal Marks records as expected. */
  acknowledge(records: readonly object[]): void {
    for (const record of records) this.#seen.add(record);
  }

  /** How plugins run: in-process from sources, or under their declared isolation. */
  get isolation(): 'in-process' | 'declared' {
    return this.#mode;
  }

  /** What the matchers read. */
  get [HARNESS_RECORDS](): HarnessRecords {
    return {
      label: 'test host',
      events: () => this.#events,
      logs: () => this.logs,
      calls: () => this.#calls,
      metrics: () =>
        this.host
          .plugins()
          .flatMap((p) => p.metrics.recorded.map((m) => ({ ...m, plugin: p.name }))),
      audit: () => this.host.audit(),
      acknowledge: (records) => this.acknowledge(records),
      invoke: (kind, id, input) => this.invoke(kind, id, input),
    };
  }
}
