import { createError, type StackPluginError } from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import { discoverPlugins } from '../discovery/discover-plugins.js';
import { hostErrors } from '../host-errors.js';
import type { HostContext } from './_host-context.js';
import type { PluginController, PluginRequest } from './plugin-controller.js';
import type { PluginRegistry } from './plugin-registry.js';
import { type Refusal, refusalOf } from './refused-plugin.js';

/** What {@link startPlugins} needs from the host. */
export interface StartDeps {
  readonly context: HostContext;
  readonly registry: PluginRegistry;
  readonly redactor: Redactor;
  /** Reads and checks one plugin into a controller the registry does not know yet. */
  prepare(dir: string, request: PluginRequest): Promise<PluginController>;
  /** Keeps a plugin refused before it could be admitted, so `host.plugins()` shows it. */
  refuse(refusal: Refusal): Promise<void>;
}

/**
 * Discovers the configured plugins, prepares them in parallel, admits them in discovery order,
 * fails those whose requirements cannot be met and activates the rest through the registry.
 * Rejects with one `HOST_STARTUP_FAILED` that lists every failure; healthy plugins stay active.
 */
export async function startPlugins(deps: StartDeps): Promise<void> {
  const { context, registry, redactor } = deps;
  const { sources, unresolved } = await discoverPlugins(
    context.root,
    context.configured,
    context.configBaseDir,
  );
  const failures: StackPluginError[] = unresolved.map((u) => u.error as StackPluginError);
  const failedPlugins = unresolved.map((u) => u.label);
  const settled = await Promise.allSettled(
    sources.map((source) =>
      deps.prepare(source.dir, {
        entry: source.entry,
        runtimeConfig: undefined,
        isolation: undefined,
      }),
    ),
  );
  const candidates: PluginController[] = [];
  const refusals: Refusal[] = unresolved.map((u) => ({
    name: u.label,
    dir: undefined,
    error: u.error as StackPluginError,
  }));
  settled.forEach((outcome, i) => {
    const label = sources[i]?.label ?? '?';
    try {
      if (outcome.status === 'rejected') throw outcome.reason;
      candidates.push(registry.admit(outcome.value));
    } catch (error) {
      const refusal = refusalOf(error, label, sources[i]?.dir, redactor);
      failedPlugins.push(refusal.name);
      failures.push(refusal.error);
      // A second copy of an admitted plugin is not shown as a plugin of its own.
      if (outcome.status === 'rejected') refusals.push(refusal);
    }
  });
  for (const refusal of refusals) await deps.refuse(refusal);
  registry.checkRequirements(candidates);
  await registry.start();
  for (const controller of candidates)
    if (controller.error !== undefined && controller.state === 'failed') {
      failedPlugins.push(controller.name);
      failures.push(controller.error);
    }
  if (failures.length > 0) {
    // The plugins on one cycle share its DEPENDENCY_CYCLE error: it is reported once.
    const errors = [...new Set(failures)];
    throw redactor.redactError(
      createError(
        hostErrors.HOST_STARTUP_FAILED,
        { count: failedPlugins.length, plugins: failedPlugins },
        { cause: new AggregateError(errors, 'plugins failed to start'), errors },
      ),
    );
  }
}
