import {
  type ContributionKind,
  type LogRecord,
  PluginRuntime,
  type PluginStatus,
} from '@stack-plugin/host';
import {
  CONTEXT_LAYOUT,
  createError,
  type FullPluginContext,
  type PluginEvent,
} from '@stack-plugin/pdk';
import type { StagedPlugin } from './_plugin-source.js';
import type { LoadedPlugin } from './harness-executor.js';
import {
  type AuditRecord,
  type CapabilityCallRecord,
  HARNESS_RECORDS,
  type HarnessRecords,
} from './harness-records.js';
import type { TestHost } from './test-host.js';

/** Options of `TestHost.mount` and `mountPlugin`. */
export interface MountOptions {
  /** The plugin's configuration (the runtime layer; validated against its `config` schema). */
  readonly config?: Record<string, unknown>;
  /** Activate right away (default true). */
  readonly activate?: boolean;
  /** Initial values of the plugin's own state. */
  readonly state?: Readonly<Record<string, unknown>>;
}

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
    if (status === undefined) throw createError('PLUGIN_NOT_FOUND', { plugin: this.name });
    return status;
  }

  /** Runs one of its commands (any command, in fact) as the test. */
  execute(commandId: string, input?: unknown, options: { signal?: AbortSignal } = {}) {
    return this.testHost.execute(commandId, input, options);
  }

  /** Runs a contribution of another kind as the test. */
  invoke(
    kind: ContributionKind,
    id: string,
    input?: unknown,
    options: { signal?: AbortSignal } = {},
  ) {
    return this.testHost.invoke(kind, id, input, options);
  }

  /**
   * A `ctx` whose capability calls are made as this plugin, through the host's broker for it:
   * the same permission checks, audit records and services the plugin's own calls get. For
   * tests and the security suite; registering handlers through it has no effect on the host.
   */
  asPlugin(): FullPluginContext {
    const loaded = this.#loaded();
    if (loaded === undefined) {
      throw createError(
        'PLUGIN_NOT_FOUND',
        { plugin: this.name },
        { cause: new Error('the plugin has not been loaded by the test host yet') },
      );
    }
    const runtime = new PluginRuntime(
      { activate() {} },
      {
        plugin: { name: loaded.request.plugin.name, version: loaded.request.plugin.version },
        config: loaded.request.config,
        layout: CONTEXT_LAYOUT,
        send: (capability, method, args) => loaded.capabilities({ capability, method, args }),
      },
    );
    return runtime.context;
  }

  /** @internal The loaded instance, for suites that compare against a bare call. */
  loaded(): LoadedPlugin | undefined {
    return this.#loaded();
  }

  /** Activates it again after `disable()`. */
  enable(): Promise<void> {
    return this.testHost.host.enable(this.name);
  }

  /** Deactivates it; everything it registered is removed. */
  disable(): Promise<void> {
    return this.testHost.host.disable(this.name);
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
      acknowledge: (records) => this.testHost.acknowledge(records),
      execute: (commandId, input) => this.execute(commandId, input),
    };
  }
}
