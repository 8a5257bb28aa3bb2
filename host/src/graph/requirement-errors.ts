import { createError, type StackPluginError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import { DependencyGraph, formatCycle, type GraphNode } from './dependency-graph.js';

/**
 * Every structural problem of a set of plugins' `requires`, as one error per plugin (the first
 * found): `DEPENDENCY_MISSING`, `DEPENDENCY_VERSION_MISMATCH`, and `DEPENDENCY_CYCLE` for every
 * plugin on a cycle (all cycles, each one error with its path, shared by the plugins on it). Only plugins in `check` are
 * reported; the others still count as present. Pure.
 */
export function requirementErrors(
  nodes: readonly GraphNode[],
  check: ReadonlySet<string>,
): Map<string, StackPluginError> {
  const errors = new Map<string, StackPluginError>();
  const report = (plugin: string, error: StackPluginError) => {
    if (check.has(plugin) && !errors.has(plugin)) errors.set(plugin, error);
  };
  const graph = DependencyGraph.from(nodes);
  for (const { plugin, dependency, range } of graph.findMissing()) {
    report(
      plugin,
      createError(hostErrors.DEPENDENCY_MISSING, { plugin, dependency, range }, { plugin }),
    );
  }
  for (const { plugin, dependency, range, version } of graph.findVersionMismatches()) {
    report(
      plugin,
      createError(
        hostErrors.DEPENDENCY_VERSION_MISMATCH,
        { plugin, dependency, range, version },
        { plugin },
      ),
    );
  }
  // Remove each cycle found and look again, so that every cycle is reported, not only the first.
  // The plugins on a cycle share one error, so a report of every failure names the cycle once.
  const onCycle = new Set<string>();
  for (let cycle = graph.findCycle(); cycle !== undefined; ) {
    const plugins = [...new Set(cycle)];
    const error = createError(hostErrors.DEPENDENCY_CYCLE, { cycle: formatCycle(cycle), plugins });
    for (const plugin of plugins) {
      onCycle.add(plugin);
      report(plugin, error);
    }
    cycle = DependencyGraph.from(nodes.filter((n) => !onCycle.has(n.name))).findCycle();
  }
  return errors;
}
