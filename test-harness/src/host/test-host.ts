import { pathToFileURL } from 'node:url';
import {
  type ContributionKind,
  createHost,
  createInProcessExecutor,
  type Host,
  type HostPolicy,
  type IsolationLevel,
  type LogRecord,
  type PluginExecutor,
} from '@stack-plugin/host';
import { createError, type PluginEvent } from '@stack-plugin/pdk';
import {
  createTestServices,
  type TestServices,
  type TestServicesOptions,
} from '../services/test-services.js';
import { type PluginSource, PluginStager } from './_plugin-source.js';
import {
  collectProblems,
  type FailOnOptions,
  type HarnessProblem,
  unexpectedCallsError,
} from './_problems.js';
import { sandboxExecutors } from './_sandbox.js';
import { importModule, insideVitest, onCurrentTestFinished } from './_vitest-bridge.js';
import {
  createHarnessExecutor,
  type HarnessExecutorHooks,
  type LoadedPlugin,
} from './harness-executor.js';
import {
  type AuditRecord,
  type CapabilityCallRecord,
  HARNESS_RECORDS,
  type HarnessRecords,
} from './harness-records.js';
import { MountedPlugin, type MountOptions } from './mounted-plugin.js';
import { trackOpenHost, untrackOpenHost } from './open-hosts.js';

/** Options of {@link createTestHost}. */
export interface CreateTestHostOptions extends TestServicesOptions {
  /**
   * `in-process` (default): every plugin runs in the test process whatever its declared
   * isolation, from TypeScript sources, so breakpoints and coverage work. `declared`: each
   * plugin runs its declared entry (the built bundle) under its declared isolation, with the
   * host's worker and process executors, for conformance tests.
   */
  readonly isolation?: 'in-process' | 'declared';
  /**
   * Executors for `limited` and `strict` in `declared` mode (default: the host's worker and
   * process executors). The test host does not close executors it was given.
   */
  readonly sandboxExecutors?: { readonly limited: PluginExecutor; readonly strict: PluginExecutor };
  /** Host policy (raise isolation, cap limits). */
  readonly policy?: HostPolicy;
  /** Host API version to check plugins' `host` ranges against (default: the host's). */
  readonly hostApiVersion?: string;
  /** What the end-of-test check fails on. */
  readonly failOn?: FailOnOptions;
  /**
   * When created inside a test (default true): at its end, fail it on unexpected calls
   * (`verify()`) and dispose the host. Hosts made in `beforeAll` are checked after each test
   * by the matchers setup file instead.
   */
  readonly auto?: boolean;
  /** Plugins to mount right away, with default mount options. */
  readonly plugins?: ReadonlyArray<PluginSource>;
  /** Host workspace root on disk (default: the temp directory, or the current directory). */
  readonly root?: string;
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
    options: CreateTestHostOptions;
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
    this.#failOn = parts.options.failOn ?? {};
    this.#mode = parts.options.isolation ?? 'in-process';
    this.host = parts.build(
      parts.executors({
        record: (call) => this.#calls.push({ ...call, seq: ++this.#seq }),
        loaded: (plugin) => this.#loaded.set(plugin.request.plugin.name, plugin),
        rewriteError: (plugin, call, error) => this.#explain(plugin, call, error),
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
    if (options.state !== undefined) this.services.state.seed(staged.name, options.state);
    await this.host.load(
      { path: staged.dir },
      {
        ...(options.config === undefined ? {} : { config: options.config }),
        activate: options.activate ?? true,
      },
    );
    const mounted = new MountedPlugin(this, staged, () => this.#loaded.get(staged.name));
    this.#mounted.set(staged.name, mounted);
    return mounted;
  }

  /** A mounted plugin by name. */
  plugin(name: string): MountedPlugin {
    const mounted = this.#mounted.get(name);
    if (mounted === undefined) throw createError('PLUGIN_NOT_FOUND', { plugin: name });
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
    if (loaded === undefined) throw createError('PLUGIN_NOT_FOUND', { plugin: name });
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

  /** Names the permission that let an unrouted request through, so the author knows where to look. */
  #explain(plugin: string, call: { capability: string }, error: unknown): unknown {
    const code = (error as { code?: unknown } | null)?.code;
    if (call.capability !== 'net' || code !== 'TEST_NET_NO_ROUTE') return error;
    const grant = this.host
      .audit()
      .findLast((r) => r.plugin === plugin && r.capability === 'net' && r.allowed)?.permission;
    const message = (error as Error).message;
    const match = /^(\S+) (\S+) has no route/.exec(message);
    return createError(
      'TEST_NET_NO_ROUTE',
      { method: match?.[1], url: match?.[2], permission: grant },
      { plugin, cause: error },
    );
  }

  /** What the matchers read. */
  get [HARNESS_RECORDS](): HarnessRecords {
    return {
      label: 'test host',
      events: () => this.#events,
      logs: () => this.logs,
      calls: () => this.#calls,
      audit: () => this.host.audit(),
      acknowledge: (records) => this.acknowledge(records),
      execute: (commandId, input) => this.execute(commandId, input),
    };
  }
}

/**
 * Creates a test host: the real `createHost` from `@stack-plugin/host` with in-memory
 * services, executors that record every capability call, and plugins loaded from their
 * TypeScript sources in-process (or under their declared isolation, for conformance).
 *
 * Inside a test it checks for unexpected calls and disposes itself when the test ends.
 *
 * @example
 * ```ts
 * // test/notes.test.ts of a plugin whose notes.count counts the workspace's Markdown files
 * import { fileURLToPath } from 'node:url';
 * import { createTestHost } from '@stack-plugin/test-harness';
 * import { expect, it } from 'vitest';
 *
 * it('counts the notes of the workspace', async () => {
 *   const th = await createTestHost({
 *     files: { 'notes/a.md': '# A' },
 *     net: { 'GET https://api.example.com/notes': { json: [] } },
 *     secrets: { API_TOKEN: 'test-token' },
 *   });
 *   const notes = await th.mount(fileURLToPath(new URL('..', import.meta.url)));
 *   await expect(notes).toRespondWith('notes.count', {}, { count: 1 });
 * });
 * ```
 */
export async function createTestHost(options: CreateTestHostOptions = {}): Promise<TestHost> {
  const services = await createTestServices(options);
  const stager = new PluginStager();
  const mode = options.isolation ?? 'in-process';
  const root = options.root ?? (options.tempDir === true ? services.fs.root : process.cwd());
  const importPlugin = async (url: string): Promise<unknown> => {
    const substitute = stager.substituteFor(url);
    if (substitute !== undefined && typeof substitute !== 'string') return { default: substitute };
    // The host's query (?stack-plugin-load=<token>-<n>) makes each load a fresh module
    // instance; a staged substitute file gets the same query.
    if (substitute === undefined) return importModule(url);
    const target = new URL(substitute);
    target.search = new URL(url).search;
    return importModule(target.href);
  };
  const inProcess = createInProcessExecutor({ importModule: importPlugin });
  const sandboxed =
    mode !== 'declared'
      ? undefined
      : options.sandboxExecutors !== undefined
        ? { ...options.sandboxExecutors, close: async () => {} }
        : sandboxExecutors();
  const testHost = new TestHost({
    services,
    options,
    stager,
    importPlugin,
    closeExecutors: async () => {
      await sandboxed?.close();
    },
    build: (executors) =>
      createHost({
        root,
        config: { plugins: [] },
        services,
        executors,
        env: services.env.values(),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        ...(options.hostApiVersion === undefined ? {} : { hostApiVersion: options.hostApiVersion }),
      }),
    executors: (hooks) => {
      const wrap = (executor: PluginExecutor) => createHarnessExecutor(executor, hooks);
      const none = wrap(inProcess);
      if (sandboxed === undefined) return { none, limited: none, strict: none };
      return { none, limited: wrap(sandboxed.limited), strict: wrap(sandboxed.strict) };
    },
  });
  await testHost.host.start();
  if (options.auto !== false) {
    const registered = await onCurrentTestFinished(async () => {
      try {
        testHost.verify();
      } finally {
        await testHost.dispose();
      }
    });
    if (!registered && insideVitest()) trackOpenHost(testHost);
  }
  for (const plugin of options.plugins ?? []) await testHost.mount(plugin);
  return testHost;
}
