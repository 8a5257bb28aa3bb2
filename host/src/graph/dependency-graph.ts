import semver from 'semver';

/** One plugin as the dependency graph sees it. */
export interface GraphNode {
  readonly name: string;
  readonly version: string;
  /** Required plugin name -> semver range of its version. */
  readonly requires: Readonly<Record<string, string>>;
}

/** A `requires` entry naming a plugin that is not in the graph. */
export interface MissingDependency {
  readonly plugin: string;
  readonly dependency: string;
  readonly range: string;
}

/** A `requires` entry whose plugin is present with a version outside the range. */
export interface VersionMismatch extends MissingDependency {
  readonly version: string;
}

/**
 * The `requires` graph of a set of plugins. Pure: no I/O, no plugin code; the host builds it
 * from manifests before anything runs, so every structural problem is reported up front.
 */
export class DependencyGraph {
  readonly #nodes: ReadonlyMap<string, GraphNode>;

  private constructor(nodes: ReadonlyMap<string, GraphNode>) {
    this.#nodes = nodes;
  }

  /** Builds a graph; a later node with the same name replaces an earlier one. */
  static from(nodes: Iterable<GraphNode>): DependencyGraph {
    const map = new Map<string, GraphNode>();
    for (const node of nodes) map.set(node.name, node);
    return new DependencyGraph(map);
  }

  /** Names of every node, in insertion order. */
  names(): string[] {
    return [...this.#nodes.keys()];
  }

  /** Direct requirements of `name` that are present in the graph. */
  dependenciesOf(name: string): string[] {
    const node = this.#nodes.get(name);
    if (node === undefined) return [];
    return Object.keys(node.requires).filter((dep) => this.#nodes.has(dep));
  }

  /** Every node `name` requires, directly or transitively (not `name` itself). */
  requirementsOf(name: string): string[] {
    const found = new Set<string>();
    const queue = [name];
    for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
      for (const dep of this.dependenciesOf(target)) {
        if (!found.has(dep) && dep !== name) {
          found.add(dep);
          queue.push(dep);
        }
      }
    }
    return [...found];
  }

  /** Every node that requires `name`, directly or transitively (not `name` itself). */
  dependentsOf(name: string): string[] {
    const found = new Set<string>();
    const queue = [name];
    for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
      for (const node of this.#nodes.values()) {
        if (target in node.requires && !found.has(node.name) && node.name !== name) {
          found.add(node.name);
          queue.push(node.name);
        }
      }
    }
    return [...found];
  }

  /** `requires` entries naming plugins absent from the graph. */
  findMissing(): MissingDependency[] {
    const missing: MissingDependency[] = [];
    for (const node of this.#nodes.values()) {
      for (const [dependency, range] of Object.entries(node.requires)) {
        if (!this.#nodes.has(dependency)) missing.push({ plugin: node.name, dependency, range });
      }
    }
    return missing;
  }

  /** `requires` entries whose plugin is present but outside the range (or the range is invalid). */
  findVersionMismatches(): VersionMismatch[] {
    const mismatches: VersionMismatch[] = [];
    for (const node of this.#nodes.values()) {
      for (const [dependency, range] of Object.entries(node.requires)) {
        const target = this.#nodes.get(dependency);
        if (target === undefined) continue;
        if (!semver.satisfies(target.version, range, { includePrerelease: true })) {
          mismatches.push({ plugin: node.name, dependency, range, version: target.version });
        }
      }
    }
    return mismatches;
  }

  /**
   * The first cycle found, as a closed path (`['a', 'b', 'a']`), or undefined. Deterministic:
   * nodes are visited in insertion order, requirements in manifest order.
   */
  findCycle(): string[] | undefined {
    const done = new Set<string>();
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (name: string): string[] | undefined => {
      if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
      if (done.has(name)) return undefined;
      onPath.add(name);
      path.push(name);
      for (const dep of this.dependenciesOf(name)) {
        const cycle = visit(dep);
        if (cycle !== undefined) return cycle;
      }
      path.pop();
      onPath.delete(name);
      done.add(name);
      return undefined;
    };
    for (const name of this.#nodes.keys()) {
      const cycle = visit(name);
      if (cycle !== undefined) return cycle;
    }
    return undefined;
  }

  /**
   * Topological levels: every plugin comes after all it requires, and the plugins of one level
   * do not depend on each other, so a level can be activated in parallel. Missing requirements
   * are ignored (report them with {@link findMissing}). Throws when there is a cycle.
   */
  levels(): string[][] {
    const cycle = this.findCycle();
    if (cycle !== undefined) throw new Error(`dependency cycle: ${formatCycle(cycle)}`);
    const level = new Map<string, number>();
    const depth = (name: string): number => {
      const known = level.get(name);
      if (known !== undefined) return known;
      const deps = this.dependenciesOf(name);
      const value = deps.length === 0 ? 0 : Math.max(...deps.map(depth)) + 1;
      level.set(name, value);
      return value;
    };
    const levels: string[][] = [];
    for (const name of this.#nodes.keys()) {
      const d = depth(name);
      while (levels.length <= d) levels.push([]);
      levels[d]?.push(name);
    }
    return levels;
  }

  /** Every plugin after the ones it requires (levels flattened). Throws on a cycle. */
  topologicalOrder(): string[] {
    return this.levels().flat();
  }
}

/** Formats a cycle path as `a -> b -> a`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}
