import type { Manifest, StackPluginError } from '@stack-plugin/pdk';
import type { HostPluginEntry } from '../config/host-config.js';
import type { ContributionKind, IsolationLevel } from '../executor/plugin-executor.js';
import type { PluginLifecycle } from '../lifecycle/plugin-lifecycle.js';
import type { PreparedPlugin } from './_prepare-plugin.js';
import type { PluginStatus } from './host-types.js';
import type { PluginGeneration } from './plugin-generation.js';
import type { MetricsRecorder } from './plugin-metrics.js';
/** What the host keeps about one plugin. */
export interface PluginRecord {
    prepared: PreparedPlugin;
    readonly entry: HostPluginEntry | undefined;
    readonly runtimeConfig: Record<string, unknown> | undefined;
    readonly requestedIsolation: IsolationLevel | undefined;
    readonly lifecycle: PluginLifecycle;
    readonly metrics: MetricsRecorder;
    current: PluginGeneration | undefined;
    error: StackPluginError | undefined;
    /** Serialises lifecycle operations on this plugin. */
    queue: Promise<unknown>;
}
/** The part of a manifest contribution entry the host reads. */
export interface DeclaredContribution {
    readonly id: string;
    readonly input?: object;
    readonly output?: object;
}
/** Contribution kinds are plural (`commands`); messages read better singular. */
export declare const SINGULAR: Record<ContributionKind, string>;
/** The manifest entry of a contribution, or undefined when the manifest does not declare it. */
export declare function declaredContribution(manifest: Manifest, kind: ContributionKind, id: string): DeclaredContribution | undefined;
/** The public snapshot of a record. */
export declare function statusOf(record: PluginRecord): PluginStatus;
//# sourceMappingURL=_plugin-record.d.ts.map