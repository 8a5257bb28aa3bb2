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
export declare class DependencyGraph {
    #private;
    private constructor();
    /** Builds a graph; a later node with the same name replaces an earlier one. */
    static from(nodes: Iterable<GraphNode>): DependencyGraph;
    /** Names of every node, in insertion order. */
    names(): string[];
    /** Direct requirements of `name` that are present in the graph. */
    dependenciesOf(name: string): string[];
    /** Every node that requires `name`, directly or transitively (not `name` itself). */
    dependentsOf(name: string): string[];
    /** `requires` entries naming plugins absent from the graph. */
    findMissing(): MissingDependency[];
    /** `requires` entries whose plugin is present but outside the range (or the range is invalid). */
    findVersionMismatches(): VersionMismatch[];
    /**
     * The first cycle found, as a closed path (`['a', 'b', 'a']`), or undefined. Deterministic:
     * nodes are visited in insertion order, requirements in manifest order.
     */
    findCycle(): string[] | undefined;
    /**
     * Topological levels: every plugin comes after all it requires, and the plugins of one level
     * do not depend on each other, so a level can be activated in parallel. Missing requirements
     * are ignored (report them with {@link findMissing}). Throws when there is a cycle.
     */
    levels(): string[][];
    /** Every plugin after the ones it requires (levels flattened). Throws on a cycle. */
    topologicalOrder(): string[];
}
/** Formats a cycle path as `a -> b -> a`. */
export declare function formatCycle(cycle: readonly string[]): string;
//# sourceMappingURL=dependency-graph.d.ts.map