import { activationEventsOf, type PluginEvent } from '@stack-plugin/pdk';
import type { EventBus } from '../events/event-bus.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type { StateChange } from '../lifecycle/plugin-lifecycle.js';
import { declaredContribution } from './_plugin-view.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { PluginController } from './plugin-controller.js';
import { isLazy, type PluginRegistry } from './plugin-registry.js';

/** What {@link createLazyActivation} needs from the host. */
export interface LazyActivationDeps {
  readonly registry: PluginRegistry;
  readonly routes: ContributionRoutes;
  readonly bus: EventBus;
}

/** The first uses that activate a lazy plugin; the registry's `wake` does the activation. */
export interface LazyActivation {
  /**
   * A call found no route for `kind`/`id`: activates the lazy plugin that declares it (or
   * starts the sandbox of an idle one again) and resolves true (route again), or false when
   * no such plugin declares it. Rejects with the
   * plugin's own error when it fails to activate, now or at an earlier first use.
   */
  forContribution(kind: ContributionKind, id: string): Promise<boolean>;
  /** Before workflow `id` runs: activates the lazy plugins that declare `onWorkflow:<id>`. */
  forWorkflow(id: string, owner: string | undefined): Promise<void>;
  /** Follows state changes: a plugin entering `lazy` listens for its `onEvent:` topics. */
  onStateChange(change: StateChange): void;
  /** A reload replaced the plugin's manifest: a lazy one listens for its new topics. */
  onReload(plugin: string): void;
}

/**
 * Lazy activation over the registry and the routes. Hooks are not first uses: a lazy plugin's
 * hooks run once something else activated it (the validator warns about such manifests).
 */
export function createLazyActivation(deps: LazyActivationDeps): LazyActivation {
  const { registry, routes, bus } = deps;
  const triggers = new Map<string, Array<() => void>>();

  const declarer = (kind: ContributionKind, id: string): PluginController | undefined =>
    registry
      .all()
      .find(
        (c) =>
          (c.state === 'lazy' || c.idle || (c.state === 'failed' && isLazy(c))) &&
          declaredContribution(c.prepared.pkg.manifest, kind, id) !== undefined,
      );

  const forget = (name: string): void => {
    for (const off of triggers.get(name) ?? []) off();
    triggers.delete(name);
  };

  /** The first event on one of the plugin's topics activates it, then reaches its listeners. */
  const listen = (plugin: PluginController): void => {
    const offs = activationEventsOf(plugin.prepared.pkg.manifest).flatMap((event) =>
      event.on === 'event'
        ? [
            bus.on(
              event.pattern,
              async (published: PluginEvent) => {
                // Its own lifecycle announcements (`host.plugin.deferred`) wake nothing.
                const about = (published.payload as { plugin?: unknown } | undefined)?.plugin;
                if (published.source === 'host' && about === plugin.name) return;
                if (plugin.state !== 'lazy') return;
                await registry.wake(plugin.name);
                await routes.deliverLate(plugin.name, published);
              },
              plugin.name,
            ),
          ]
        : [],
    );
    if (offs.length > 0) triggers.set(plugin.name, offs);
  };

  return {
    async forContribution(kind, id) {
      const plugin = declarer(kind, id);
      if (plugin === undefined) return false;
      if (plugin.state === 'failed') throw plugin.error;
      // An active plugin whose sandbox was stopped for idleness starts it again.
      if (plugin.idle) await plugin.resume();
      else await registry.wake(plugin.name);
      return true;
    },

    async forWorkflow(id, owner) {
      const woken = registry
        .all()
        .filter(
          (c) =>
            c.state === 'lazy' &&
            (c.name === owner ||
              activationEventsOf(c.prepared.pkg.manifest).some(
                (event) => event.on === 'workflow' && event.id === id,
              )),
        );
      await Promise.all(woken.map((c) => registry.wake(c.name)));
    },

    onStateChange(change) {
      if (change.from === 'lazy') forget(change.plugin);
      const plugin = registry.get(change.plugin);
      if (change.to === 'lazy' && plugin !== undefined) listen(plugin);
    },

    onReload(name) {
      const plugin = registry.get(name);
      if (plugin?.state !== 'lazy') return;
      forget(name);
      listen(plugin);
    },
  };
}
