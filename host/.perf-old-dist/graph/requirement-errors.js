import { createError } from '@stack-plugin/pdk';
import { DependencyGraph, formatCycle } from './dependency-graph.js';
/**
 * Every structural problem of a set of plugins' `requires`, as one error per plugin (the first
 * found): `DEPENDENCY_MISSING`, `DEPENDENCY_VERSION_MISMATCH`, and `DEPENDENCY_CYCLE` for every
 * plugin on a cycle (all cycles, each reported with its path). Only plugins in `check` are
 * reported; the others still count as present. Pure.
 */
export function requirementErrors(nodes, check) {
    const errors = new Map();
    const report = (plugin, error) => {
        if (check.has(plugin) && !errors.has(plugin))
            errors.set(plugin, error);
    };
    const graph = DependencyGraph.from(nodes);
    for (const { plugin, dependency, range } of graph.findMissing()) {
        report(plugin, createError('DEPENDENCY_MISSING', { dependency, range }, { plugin }));
    }
    for (const { plugin, dependency, range, version } of graph.findVersionMismatches()) {
        report(plugin, createError('DEPENDENCY_VERSION_MISMATCH', { dependency, range, version }, { plugin }));
    }
    // Remove each cycle found and look again, so that every cycle is reported, not only the first.
    const onCycle = new Set();
    for (let cycle = graph.findCycle(); cycle !== undefined;) {
        for (const plugin of cycle) {
            onCycle.add(plugin);
            report(plugin, createError('DEPENDENCY_CYCLE', { cycle: formatCycle(cycle) }, { plugin }));
        }
        cycle = DependencyGraph.from(nodes.filter((n) => !onCycle.has(n.name))).findCycle();
    }
    return errors;
}
//# sourceMappingURL=requirement-errors.js.map