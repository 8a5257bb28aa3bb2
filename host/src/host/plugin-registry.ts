import { createError, type StackPluginError } from '@stack-plugin/pdk';
import { DependencyGraph } from '../graph/dependency-graph.js';
import { requirementErrors } from '../graph/requirement-errors.js';
import { hostErrors } from '../host-errors.js';
import type { PluginState } from '../lifecycle/plugin-lifecycle.js';
import type { PluginController } from './plugin-controller.js';

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

  /** Activates every enabled plugin that has not failed, after what it requires. */
  async start(): Promise<void> {
    const enabled = this.all().filter(
      (c) => c.state !== 'failed' && c.request.entry?.enabled !== false,
    );
    await this.walk(
      enabled.map((c) => c.name),
      'dependencies-first',
      (c) => this.#activate(c).catch(() => {}),
    );
  }

  /** Activates `name` and, first, everything it requires (disabled ones too). */
  async enable(name: string): Promise<void> {
    const target = this.find(name);
    if (target.state === 'active') return;
    const nodes = this.#nodes(this.all());
    const members = [...DependencyGraph.from(nodes).requirementsOf(name), name];
    // A plugin that cannot start (a requirement missing, mismatched or cyclic) says why.
    for (const [problem, error] of requirementErrors(nodes, new Set(members))) {
      const controller = this.#plugins.get(problem);
      if (controller !== undefined && controller.state !== 'active') controller.fail(error);
    }
    await this.walk(members, 'dependencies-first', (c) => this.#activate(c).catch(() => {}));
    // Read again: the walk changed it.
    const state = target.state as PluginState;
    if (state !== 'active' && target.error !== undefined) throw target.error;
  }

  /** Deactivates `name` and, first, every active plugin that requires it. */
  async disable(name: string): Promise<void> {
    const target = this.find(name);
    if (target.state !== 'active') {
      // A failed plugin keeps no code running: a sandbox its supervisor would restart goes too.
      if (target.state === 'failed') await target.deactivate();
      return;
    }
    const dependents = DependencyGraph.from(this.#nodes(this.all())).dependentsOf(name);
    await this.walk([name, ...dependents], 'dependents-first', async (c) => {
      if (c === target || c.state === 'active') await c.deactivate();
    });
  }

  /** Unloads `name` after disabling it; it is forgotten. */
  async unload(name: string): Promise<void> {
    const target = this.find(name);
    await this.disable(name);
    await target.unload();
    this.#plugins.delete(name);
  }

  /** Unloads every plugin, dependents first, and forgets them all. */
  async stop(): Promise<void> {
    await this.walk(this.#plugins.keys(), 'dependents-first', (c) => c.unload());
    this.#plugins.clear();
  }

  /** Activates `controller` if everything it requires is active; otherwise fails it with DEPENDENCY_FAILED. */
  #activate(controller: PluginController): Promise<void> {
    for (const dependency of Object.keys(controller.prepared.pkg.manifest.requires ?? {})) {
      const required = this.#plugins.get(dependency);
      if (required?.state === 'active') continue;
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
    return controller.activate();
  }

  #nodes(controllers: readonly PluginController[]) {
    return controllers.map((c) => ({
      name: c.name,
      version: c.prepared.pkg.version,
      requires: c.prepared.pkg.manifest.requires ?? {},
    }));
  }
}
