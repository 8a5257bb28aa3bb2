import { createError, type StackPluginError, toClause } from '@stack-plugin/pdk';
import type { PluginInstance } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { LifecycleEvent } from '../lifecycle/plugin-lifecycle.js';
import type {
  SandboxStatus,
  SandboxStatusChange,
  SupervisedInstance,
} from '../sandbox/supervisor.js';
import type { PreparedPlugin } from './_prepare-plugin.js';

/** Whether an instance reports supervision status (the `limited` and `strict` ones do). */
export function isSupervised(instance: PluginInstance | undefined): instance is SupervisedInstance {
  const candidate = instance as Partial<SupervisedInstance> | undefined;
  return typeof candidate?.onStatusChange === 'function' && typeof candidate.status === 'function';
}

/**
 * What each supervisor status means for the plugin, as an event of the plugin's one transition
 * table. The supervisor only restarts sandboxes; whether the plugin is active or failed is
 * decided by that table. `restarting` follows a crash already reported as `failed`, and
 * `disposed` is the host's own doing, so neither changes the plugin.
 */
export const SANDBOX_EVENTS: Readonly<Record<SandboxStatus, LifecycleEvent | undefined>> = {
  failed: 'crash',
  running: 'restart',
  quarantined: 'quarantine',
  restarting: undefined,
  disposed: undefined,
};

/** The `PLUGIN_CRASHED` of a supervised plugin, naming the phase, with the supervisor's error as cause. */
export function crashError(
  prepared: PreparedPlugin,
  change: SandboxStatusChange,
  phase: string,
): StackPluginError {
  const how =
    change.end === undefined ? 'it ended' : `${change.end.kind}: ${toClause(change.end.detail)}`;
  return createError(
    hostErrors.PLUGIN_CRASHED,
    {
      plugin: prepared.pkg.name,
      detail: `its ${prepared.isolation} sandbox ended while ${phase} (${how})`,
    },
    { cause: change.error },
  );
}
