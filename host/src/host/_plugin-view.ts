import type { Manifest, PluginGrants } from '@stack-plugin/pdk';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type { PreparedPlugin } from './_prepare-plugin.js';
import type { MetricsRecorder } from './plugin-metrics.js';

/**
 * What calls and events need to know of the plugin a generation belongs to; the
 * {@link PluginController} is the one implementation.
 */
export interface PluginView {
  readonly prepared: PreparedPlugin;
  readonly metrics: MetricsRecorder;
  /**
   * The permissions in force now (manifest narrowed by the config entry or `host.setGrants`);
   * a new object whenever they change, so brokers can keep answers until it does.
   */
  readonly grants: PluginGrants;
}

/** The part of a manifest contribution entry the host reads. */
export interface DeclaredContribution {
  readonly id: string;
  readonly input?: object;
  readonly output?: object;
}

/** The manifest entry of a contribution, or undefined when the manifest does not declare it. */
export function declaredContribution(
  manifest: Manifest,
  kind: ContributionKind,
  id: string,
): DeclaredContribution | undefined {
  return (manifest.contributes?.[kind] as readonly DeclaredContribution[] | undefined)?.find(
    (c) => c.id === id,
  );
}
