import { withEmitLane } from '../_internal/emit-lane.js';
import type { CapabilityBroker } from '../broker/capability-broker.js';
import type { ControllerDeps } from './_controller-deps.js';
import type { PluginView } from './_plugin-view.js';
import { type PreparedPlugin, takeVerifiedFiles, wrapPluginError } from './_prepare-plugin.js';
import { PluginGeneration } from './plugin-generation.js';
import type { MetricsRecorder } from './plugin-metrics.js';

/** What {@link startGeneration} starts, and what it tells its controller on the way. */
export interface GenerationStart {
  readonly view: PluginView;
  readonly prepared: PreparedPlugin;
  readonly deps: ControllerDeps;
  readonly metrics: MetricsRecorder;
  /** Whether the generation is live from the start (an activation) or staged (a reload). */
  readonly live: boolean;
  /**
   * The instance is loaded, `activate` not yet run: the controller follows its supervisor
   * through `channel` (a restarted incarnation talks to a new generation's broker) and, for a
   * generation that goes live at once, makes it current.
   */
  readonly loaded: (generation: PluginGeneration, channel: { handler: CapabilityBroker }) => void;
  /** `activate` failed; the instance is being disposed. */
  readonly failed: (generation: PluginGeneration) => void;
}

/**
 * One generation of a plugin: its files verified again, its migrations applied, its code
 * loaded by the executor of its isolation level and `activate` run under its deadline. The
 * generation is adopted by the routes (its registrations staged) but not switched in.
 */
export async function startGeneration(start: GenerationStart): Promise<PluginGeneration> {
  const { prepared, deps, metrics } = start;
  const { pkg, limits, config, isolation } = prepared;
  const { routes, executors, brokerFor } = deps;
  const plugin = pkg.name;
  // Verified again for every generation (enable after disable, reload, restart): the
  // executor then runs these bytes, not whatever is on disk by the time it imports.
  const files = await takeVerifiedFiles(prepared, deps.policy());
  // Before any code of the new generation runs, so `activate` finds its tables.
  await deps.migrate(prepared, files);
  const generation = new PluginGeneration(start.live);
  routes.adopt(generation, start.view);
  // Through a channel: after a sandbox restart the same instance talks to a new generation.
  const channel = { handler: brokerFor(start.view, generation) };
  let started = performance.now();
  try {
    generation.instance = await (await executors.get(isolation)).load({
      plugin: { name: plugin, version: pkg.version, dir: pkg.dir, entry: pkg.entry, files },
      config,
      limits,
      capabilities: withEmitLane(
        (call) => channel.handler(call),
        (topic, payload) => channel.handler.emit(topic, payload),
      ),
      ...(deps.hostLayout === undefined ? {} : { hostLayout: deps.hostLayout }),
      clock: deps.clock(),
    });
  } catch (error) {
    routes.clear(generation);
    throw wrapPluginError(error, plugin, 'load');
  }
  const instance = generation.instance;
  metrics.loadMs = performance.now() - started;
  start.loaded(generation, channel);
  started = performance.now();
  try {
    await instance.activate({ caller: 'host', timeoutMs: limits.timeoutMs });
  } catch (error) {
    routes.clear(generation);
    start.failed(generation);
    await instance.dispose().catch(() => {});
    throw wrapPluginError(error, plugin, 'activate');
  }
  metrics.activateMs = performance.now() - started;
  return generation;
}
