import type { PluginStatus } from '../host/host-types.js';
import { DependencyGraph, formatCycle } from './dependency-graph.js';

/** One `requires` entry between configured plugins, or naming a plugin that is not there. */
export interface GraphEdge {
  /** The plugin that requires. */
  readonly from: string;
  /** The plugin it requires. */
  readonly to: string;
  readonly range: string;
  /** `missing`: `to` is not configured; `version`: it is, outside the range. */
  readonly problem?: 'missing' | 'version';
}

/** The dependency graph of a host's plugins, as the host derives it to order activation. */
export interface PluginGraph {
  readonly nodes: ReadonlyArray<{ name: string; version: string; state: string }>;
  readonly edges: readonly GraphEdge[];
  /** Activation levels (each after the ones before it; one level starts in parallel). */
  readonly levels: readonly (readonly string[])[];
  /** A cycle as a closed path (`a -> b -> a`), when there is one; then there are no levels. */
  readonly cycle?: string;
}

/**
 * The `requires` graph of the plugins a host reported, through the host's own
 * `DependencyGraph` (the owner of dependency resolution and activation order): its edges,
 * missing and mismatched requirements, activation levels and any cycle.
 */
export function pluginGraph(
  plugins: ReadonlyArray<Pick<PluginStatus, 'name' | 'version' | 'state' | 'manifest'>>,
): PluginGraph {
  const graph = DependencyGraph.from(
    plugins.map((p) => ({ name: p.name, version: p.version, requires: p.manifest.requires ?? {} })),
  );
  const mismatched = new Set(
    graph.findVersionMismatches().map((m) => `${m.plugin}\u0000${m.dependency}`),
  );
  const edges: GraphEdge[] = [];
  for (const p of plugins) {
    for (const [to, range] of Object.entries(p.manifest.requires ?? {})) {
      const problem = !graph.names().includes(to)
        ? 'missing'
        : mismatched.has(`${p.name}\u0000${to}`)
          ? 'version'
          : undefined;
      edges.push({ from: p.name, to, range, ...(problem === undefined ? {} : { problem }) });
    }
  }
  const cycle = graph.findCycle();
  return {
    nodes: plugins.map(({ name, version, state }) => ({ name, version, state })),
    edges,
    levels: cycle === undefined ? graph.levels() : [],
    ...(cycle === undefined ? {} : { cycle: formatCycle(cycle) }),
  };
}
