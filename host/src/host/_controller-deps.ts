import type { ContextEntry, HostPluginEvent } from '@stack-plugin/pdk';
import type { CapabilityBroker } from '../broker/capability-broker.js';
import type { Redactor } from '../broker/redactor.js';
import type { HostPluginEntry, HostPolicy } from '../config/host-config.js';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import type { StateChange } from '../lifecycle/plugin-lifecycle.js';
import type { Clock } from '../services/host-services.js';
import type { PluginView } from './_plugin-view.js';
import type { PreparedPlugin } from './_prepare-plugin.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { ExecutorPool } from './executor-pool.js';
import type { PluginGeneration } from './plugin-generation.js';

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
  brokerFor(plugin: PluginView, generation: PluginGeneration): CapabilityBroker;
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
