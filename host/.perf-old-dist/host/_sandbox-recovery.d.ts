import { type StackPluginError } from '@stack-plugin/pdk';
import type { CapabilityHandler, PluginInstance } from '../executor/plugin-executor.js';
import type { SupervisedInstance } from '../sandbox/supervisor.js';
import type { PluginRecord } from './_plugin-record.js';
import type { ContributionRoutes } from './contribution-routes.js';
import { PluginGeneration } from './plugin-generation.js';
/** Whether an instance reports supervision status (the `limited` and `strict` ones do). */
export declare function isSupervised(instance: PluginInstance | undefined): instance is SupervisedInstance;
/**
 * The capability handler an instance was loaded with. An executor keeps the handler it was
 * given for the instance's whole life, so the host re-points this one at the broker of each
 * new generation (a restarted sandbox registers its contributions again into a fresh one).
 */
export interface CapabilityChannel {
    handler: CapabilityHandler;
}
/** What {@link followSupervision} needs from the host. */
export interface RecoveryDeps {
    readonly routes: ContributionRoutes;
    /** A fresh broker for one generation of a plugin. */
    brokerFor(record: PluginRecord, generation: PluginGeneration): CapabilityHandler;
    /** Marks the plugin failed with `error` (redacted, logged, reported to state listeners). */
    fail(record: PluginRecord, error: StackPluginError): void;
    log(level: 'info' | 'error', message: string, plugin: string): void;
    redact(error: StackPluginError): StackPluginError;
}
/**
 * Keeps the host's view of a supervised plugin in step with its supervisor:
 *
 * - `failed` (the sandbox crashed, hung or ran out of memory): the serving generation is
 *   closed (its routes and event subscriptions removed), the plugin is marked `failed` with a
 *   `PLUGIN_CRASHED` naming the plugin, the phase and the supervisor's error as `cause`, and a
 *   new generation is staged (not routed) for the incarnation the supervisor may restart;
 * - `running` again (restarted and re-activated): the staged generation, holding what the new
 *   incarnation registered through its broker, goes live and the plugin is `active` again;
 * - `quarantined`: the plugin stays `failed`, with the `PLUGIN_QUARANTINED` error, and the
 *   instance is disposed.
 *
 * Changes of an instance that no longer serves the plugin (being stopped, or replaced by a
 * reload) are ignored: whoever stops it disposes it.
 */
export declare function followSupervision(deps: RecoveryDeps, record: PluginRecord, instance: SupervisedInstance, channel: CapabilityChannel): void;
//# sourceMappingURL=_sandbox-recovery.d.ts.map