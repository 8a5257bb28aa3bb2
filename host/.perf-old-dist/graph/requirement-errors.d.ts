import { type StackPluginError } from '@stack-plugin/pdk';
import { type GraphNode } from './dependency-graph.js';
/**
 * Every structural problem of a set of plugins' `requires`, as one error per plugin (the first
 * found): `DEPENDENCY_MISSING`, `DEPENDENCY_VERSION_MISMATCH`, and `DEPENDENCY_CYCLE` for every
 * plugin on a cycle (all cycles, each reported with its path). Only plugins in `check` are
 * reported; the others still count as present. Pure.
 */
export declare function requirementErrors(nodes: readonly GraphNode[], check: ReadonlySet<string>): Map<string, StackPluginError>;
//# sourceMappingURL=requirement-errors.d.ts.map