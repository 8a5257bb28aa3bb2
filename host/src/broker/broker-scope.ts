import type { PluginGrants, PluginMetricsReport } from '@stack-plugin/pdk';
import type { HostCapabilityTable } from '../capabilities/host-capability.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type { MetricsRecorder } from '../host/plugin-metrics.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import type { HostServices } from '../services/host-services.js';
import type { AuditLog } from './audit-log.js';
import type { PluginBudgets } from './plugin-budgets.js';
import type { Redactor } from './redactor.js';

/** What the broker needs from the host, shared by every plugin. */
export interface BrokerDeps {
  readonly services: HostServices;
  readonly audit: AuditLog;
  readonly redactor: Redactor;
  /**
   * Publishes an event from `source`, stamped `time` (the time of its audit record: reading
   * the clock costs as much as the rest of the check) or else the clock's time now.
   */
  emit(source: string, topic: string, payload: unknown, time?: number): Promise<void>;
  /** Runs any active plugin's command on behalf of `caller`. */
  execute(commandId: string, input: unknown, caller: string): Promise<unknown>;
  /**
   * Capabilities the host defines (`createHost({ capabilities })`), served beside the kit's
   * own, with their arguments and results checked by `validator`.
   */
  readonly hostCapabilities?: { table: HostCapabilityTable; validator: SchemaValidator };
  /** Largest payload accepted in a call, in approximate bytes. */
  readonly maxPayloadBytes?: number;
  /** The budgets in force, read when a call is made (default `DEFAULT_PLUGIN_BUDGETS`). */
  readonly budgets?: () => PluginBudgets;
  /** The host's plugin metrics (`ctx.metrics`): one plugin's recorder, and every plugin's report. */
  readonly metrics?: {
    of(plugin: string): MetricsRecorder | undefined;
    read(): PluginMetricsReport[];
  };
}

/** What the broker needs to know about one plugin instance. */
export interface BrokerScope {
  readonly plugin: string;
  /** True once the instance was stopped: every further call is refused. */
  closed(): boolean;
  /** The permissions it holds (the manifest's when {@link grants} is absent). */
  readonly permissions: readonly string[];
  /**
   * The permissions in force, read on every call: a new object when they change (a narrowed
   * grant, a revocation), which is when the broker forgets the answers it memoised.
   */
  grants?(): PluginGrants;
  readonly timeoutMs: number;
  /** Records a contribution the plugin registers; throws when the manifest does not declare it. */
  registerContribution(kind: ContributionKind, id: string): void;
  unregisterContribution(kind: ContributionKind, id: string): void;
  /** Subscribes listener `listenerId` of the plugin to `pattern`. */
  subscribe(pattern: string, listenerId: string): void;
  unsubscribe(listenerId: string): void;
}
