import { createError, type StackPluginError, toClause } from '@stack-plugin/pdk';
import type { CapabilityBroker } from '../broker/capability-broker.js';
import type { PluginInstance } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { LifecycleEvent } from '../lifecycle/plugin-lifecycle.js';
import type {
  SandboxStatus,
  SandboxStatusChange,
  SupervisedInstance,
} from '../sandbox/supervisor.js';
import type { ControllerDeps } from './_controller-deps.js';
import type { PluginView } from './_plugin-view.js';
import type { PreparedPlugin } from './_prepare-plugin.js';
import { PluginGeneration } from './plugin-generation.js';

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

/** What {@link followSupervisor} decided: the controller applies it, then runs `after`. */
export interface SupervisorOutcome {
  /** The generation the plugin has now (a staged one after a crash, none after a quarantine). */
  readonly current: PluginGeneration | undefined;
  /** Its error now; `keep` leaves the last one (a quarantine reported without its own). */
  readonly error: StackPluginError | undefined | 'keep';
  /** What to do once the event is applied (log it, dispose the instance), given the error in force. */
  readonly after?: (error: StackPluginError | undefined) => void;
}

/**
 * What a supervisor's `event` for the serving `current` generation means. A crash closes that
 * generation, makes the error `PLUGIN_CRASHED` and stages a generation (not routed) for the
 * incarnation the supervisor may restart, its channel pointed at a new broker; a restart keeps
 * `current` (the controller routes it: it holds what the new incarnation registered) and
 * clears the error; a quarantine closes it and disposes the instance, with the supervisor's
 * `PLUGIN_QUARANTINED` (the last crash as its cause). The caller has checked that `current`
 * is served by the reporting instance and that the lifecycle accepts the event.
 */
export function followSupervisor(
  view: PluginView & { readonly state: string },
  deps: Pick<ControllerDeps, 'routes' | 'redactor' | 'log' | 'brokerFor'>,
  current: PluginGeneration,
  event: LifecycleEvent,
  change: SandboxStatusChange,
  channel: { handler: CapabilityBroker },
): SupervisorOutcome {
  const { routes, redactor, log } = deps;
  const name = view.prepared.pkg.name;
  if (event === 'crash') {
    routes.clear(current);
    const staged = new PluginGeneration(false);
    routes.adopt(staged, view);
    staged.instance = current.instance;
    channel.handler = deps.brokerFor(view, staged);
    const phase = view.state === 'active' ? 'running' : 'restarting';
    const error = redactor.redactError(crashError(view.prepared, change, phase));
    return { current: staged, error, after: () => log('error', error.message, name) };
  }
  if (event === 'restart') {
    const after = () =>
      log('info', `"${name}" was restarted after a crash and is active again.`, name);
    return { current, error: undefined, after };
  }
  routes.clear(current);
  const error = change.error === undefined ? 'keep' : redactor.redactError(change.error);
  const instance = current.instance;
  return {
    current: undefined,
    error,
    after: (inForce) => {
      log('error', inForce?.message ?? `"${name}" was quarantined.`, name);
      void instance?.dispose().catch(() => {});
    },
  };
}
