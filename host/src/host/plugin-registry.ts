import { createError, isLazyActivation, type StackPluginError } from '@stack-plugin/pdk';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { DependencyGraph } from '../graph/dependency-graph.js';
import { requirementErrors } from '../graph/requirement-errors.js';
import { hostErrors } from '../host-errors.js';
import type { PluginState } from '../lifecycle/plugin-lifecycle.js';
import { declaredContribution } from './_plugin-view.js';
import type { PluginController } from './plugin-controller.js';
import type { RefusedPlugin } from './refused-plugin.js';

/** Which way a walk goes along `requires`. */
export type WalkOrder = 'dependencies-first' | 'dependents-first';

/**
 * The plugins a host knows, in the order they became known, and the one place that orders
 * lifecycle operations across plugins. `start`, `enable`, `disable` and `stop` all go through
 * {@link walk}: one topological walk of the `requires` graph, level by level, the plugins of
 * a level in parallel.
 */
export class PluginRegistry {
  readonly #plugins = new Map<string, PluginController>();
  /** First-use activations in progress, so concurrent first uses share one. */
  readonly #waking = new Map<string, Promise<void>>();
  /** Plugins refused before they could be admitted, by name, until admitted or forgotten. */
  readonly #refused = new Map<string, RefusedPlugin>();

  /** Keeps `refused` (replacing an earlier refusal of the same name). */
  refuse(refused: RefusedPlugin): void {
    if (this.#plugins.has(refused.name)) return;
    this.#refused.set(refused.name, refused);
  }

  /** The refused plugins, in the order they were refused. */
  refused(): RefusedPlugin[] {
    return [...this.#refused.values()];
  }

  /** The refused plugin named `name`, if any. */
  refusedOne(name: string): RefusedPlugin | undefined {
    return this.#refused.get(name);
  }

  /** The controller of `name`, if known. */
  get(name: string): PluginController | undefined {
    return this.#plugins.get(name);
  }

  /** The controller of `name`; throws `PLUGIN_NOT_FOUND`. */
  find(name: string): PluginController {
    const controller = this.#plugins.get(name);
    if (controller === undefined)
      throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: name }, { plugin: name });
    return controller;
  }

  /**
   * The failure of a plugin whose manifest declares `kind`/`id` but which failed to start:
   * why a call to it finds nothing registered.
   */
  failedProvider(kind: ContributionKind, id: string): StackPluginError | undefined {
    for (const controller of this.#plugins.values()) {
      if (
        controller.state === 'failed' &&
        declaredContribution(controller.prepared.pkg.manifest, kind, id) !== undefined
      )
        return controller.error;
    }
    return undefined;
  }

  /** Every known plugin, in the order it became known. */
  all(): PluginController[] {
    return [...this.#plugins.values()];
  }

  /**
   * Makes a prepared plugin known (`validated`). Done one at a time in discovery order, so the
   * order of `plugins()` and which copy of a duplicate wins never depend on I/O timing.
   */
  admit(controller: PluginController): PluginController {
    const existing = this.#plugins.get(controller.name);
    if (existing !== undefined) {
      throw createError(
        hostErrors.PLUGIN_DUPLICATE,
        { plugin: controller.name, dir: existing.prepared.pkg.dir },
        { plugin: controller.name },
      );
    }
    this.#plugins.set(controller.name, controller);
    this.#refused.delete(controller.name);
    controller.admit();
    return controller;
  }

  /** Fails every plugin of `candidates` whose requirements are missing, mismatched or cyclic. */
  checkRequirements(candidates: readonly PluginController[]): void {
    const names = new Set(candidates.map((c) => c.name));
    for (const [name, error] of requirementErrors(this.#nodes(this.all()), names)) {
      const controller = this.#plugins.get(name);
      if (controller !== undefined && controller.state !== 'failed') controller.fail(error);
    }
  }

  /**
   * Visits `names` so that every plugin comes after (or, `dependents-first`, before) the ones
   * it requires; plugins of one level do not depend on each other and are visited in
   * parallel. A set with a cycle (only failed plugins can be on one) is visited as one level.
   */
  async walk(
    names: Iterable<string>,
    order: WalkOrder,
    visit: (controller: PluginController) => Promise<void>,
  ): Promise<void> {
    const members = [...new Set(names)].flatMap((n) => this.#plugins.get(n) ?? []);
    const graph = DependencyGraph.from(this.#nodes(members));
    let levels: string[][];
    try {
      levels = graph.levels();
    } catch {
      levels = [graph.names()];
    }
    if (order === 'dependents-first') levels.reverse();
    for (const level of levels) {
      await Promise.all(level.map((name) => this.#plugins.get(name)).map((c) => c && visit(c)));
    }
  }

  /**
   * Activates every enabled plugin that has not failed, after what it requires; a lazy one
   * (see {@link isLazy}) is left `lazy`, to be activated by {@link wake} on first use, unless
   * an eager one requires it.
   */
  async start(): Promise<void> {
    const enabled = this.all().filter(
      (c) => c.state !== 'failed' && c.request.entry?.enabled !== false,
    );
    const deferred = this.#deferrable(enabled);
    await this.walk(
      enabled.map((c) => c.name),
      'dependencies-first',
      (c) =>
        (deferred.has(c.name) && c.state === 'validated'
          ? this.#defer(c)
          : this.#activate(c)
        ).catch(() => {}),
    );
  }

  /**
   * The first use of a lazy plugin: activates `name` and, first, the lazy plugins it requires,
   * in one walk of the graph. Concurrent first uses share one activation. Does nothing to a
   * plugin that is not `lazy` (an inactive one was disabled); rejects with the plugin's own
   * error when it fails to activate.
   */
  wake(name: string): Promise<void> {
    const target = this.find(name);
    if (target.state !== 'lazy') return Promise.resolve();
    let waking = this.#waking.get(name);
    if (waking === undefined) {
      const members = [...DependencyGraph.from(this.#nodes(this.all())).requirementsOf(name), name];
      waking = this.walk(members, 'dependencies-first', async (c) => {
        if (c.state === 'lazy') await this.#activate(c).catch(() => {});
      })
        .then(() => {
          const state = target.state as PluginState;
          if (state !== 'active') throw target.error ?? lazyError(target);
        })
        .finally(() => this.#waking.delete(name));
      this.#waking.set(name, waking);
    }
    return waking;
  }

  /** Activates `name` and, first, everything it requires (disabled ones too). */
  enable(name: string): Promise<void> {
    return this.#bringUp(name, false);
  }

  /**
   * What `host.load` does with a plugin it just admitted: {@link enable}, except that a lazy
   * plugin, and each lazy plugin it requires, is left `lazy` for its first use.
   */
  ready(name: string): Promise<void> {
    return this.#bringUp(name, true);
  }

  async #bringUp(name: string, honourLazy: boolean): Promise<void> {
    const target = this.find(name);
    if (target.state === 'active') return;
    const nodes = this.#nodes(this.all());
    const members = [...DependencyGraph.from(nodes).requirementsOf(name), name];
    // A plugin that cannot start (a requirement missing, mismatched or cyclic) says why.
    for (const [problem, error] of requirementErrors(nodes, new Set(members))) {
      const controller = this.#plugins.get(problem);
      if (controller !== undefined && controller.state !== 'active') controller.fail(error);
    }
    const deferred = honourLazy
      ? this.#deferrable(members.flatMap((n) => this.#plugins.get(n) ?? []))
      : new Set<string>();
    const visit = (c: PluginController): Promise<void> => {
      if (!deferred.has(c.name) || (c.state !== 'validated' && c.state !== 'lazy'))
        return this.#activate(c);
      return c.state === 'validated' ? this.#defer(c) : Promise.resolve();
    };
    await this.walk(members, 'dependencies-first', (c) => visit(c).catch(() => {}));
    // Read again: the walk changed it.
    const state = target.state as PluginState;
    const up = state === 'active' || (honourLazy && state === 'lazy');
    if (!up && target.error !== undefined) throw target.error;
  }

  /** Deactivates `name` and, first, every active plugin that requires it. */
  async disable(name: string): Promise<void> {
    const target = this.find(name);
    if (target.state !== 'active' && target.state !== 'lazy') {
      // A failed plugin keeps no code running: a sandbox its supervisor would restart goes too.
      if (target.state === 'failed') await target.deactivate();
      return;
    }
    const dependents = DependencyGraph.from(this.#nodes(this.all())).dependentsOf(name);
    await this.walk([name, ...dependents], 'dependents-first', async (c) => {
      if (c === target || c.state === 'active' || c.state === 'lazy') await c.deactivate();
    });
  }

  /** Unloads `name` after disabling it; it is forgotten (a refused plugin is just forgotten). */
  async unload(name: string): Promise<void> {
    if (!this.#plugins.has(name) && this.#refused.delete(name)) return;
    const target = this.find(name);
    await this.disable(name);
    await target.unload();
    this.#plugins.delete(name);
  }

  /** Unloads every plugin, dependents first, and forgets them all. */
  async stop(): Promise<void> {
    await this.walk(this.#plugins.keys(), 'dependents-first', (c) => c.unload());
    this.#plugins.clear();
    this.#refused.clear();
  }

  /** Activates `controller` if everything it requires is active; otherwise fails it with DEPENDENCY_FAILED. */
  #activate(controller: PluginController): Promise<void> {
    return this.#afterRequirements(controller, ['active'], () => controller.activate());
  }

  /** Defers `controller` if everything it requires is active or lazy (activated on its first use). */
  #defer(controller: PluginController): Promise<void> {
    return this.#afterRequirements(controller, ['active', 'lazy'], () => controller.defer());
  }

  #afterRequirements(
    controller: PluginController,
    ready: readonly PluginState[],
    then: () => Promise<void>,
  ): Promise<void> {
    for (const dependency of Object.keys(controller.prepared.pkg.manifest.requires ?? {})) {
      const required = this.#plugins.get(dependency);
      if (required !== undefined && ready.includes(required.state)) continue;
      const cause: StackPluginError | undefined = required?.error;
      return Promise.reject(
        controller.fail(
          createError(
            hostErrors.DEPENDENCY_FAILED,
            { plugin: controller.name, dependency },
            { plugin: controller.name, ...(cause === undefined ? {} : { cause }) },
          ),
        ),
      );
    }
    return then();
  }

  /** The lazy plugins of `members` that no eager one among them requires, directly or not. */
  #deferrable(members: readonly PluginController[]): Set<string> {
    const graph = DependencyGraph.from(this.#nodes(this.all()));
    const needed = new Set<string>();
    for (const c of members) {
      if (!isLazy(c)) for (const name of graph.requirementsOf(c.name)) needed.add(name);
    }
    return new Set(members.filter((c) => isLazy(c) && !needed.has(c.name)).map((c) => c.name));
  }

  #nodes(controllers: readonly PluginController[]) {
    return controllers.map((c) => ({
      name: c.name,
      version: c.prepared.pkg.version,
      requires: c.prepared.pkg.manifest.requires ?? {},
    }));
  }
}

/** Whether `controller`'s manifest makes it lazy (`activationEvents` without `onStartup`). */
export function isLazy(controller: PluginController): boolean {
  return isLazyActivation(controller.prepared.pkg.manifest.activationEvents);
}

/** A lazy plugin that did not become active and recorded no error (disabled meanwhile). */
function lazyError(target: PluginController): StackPluginError {
  return createError(
    hostErrors.PLUGIN_NOT_ACTIVE,
    {
      plugin: target.name,
      detail: `its first use found it ${target.state} (it was disabled or unloaded meanwhile)`,
    },
    { plugin: target.name },
  );
}
