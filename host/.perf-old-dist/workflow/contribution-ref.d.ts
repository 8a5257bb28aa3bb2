import type { ContributionKind } from '../executor/plugin-executor.js';
/** A resolved reference to one contributed handler. */
export interface ContributionRef {
    readonly kind: ContributionKind;
    readonly id: string;
    /**
     * Whether the reference named its kind (`"<kind>:<id>"`). In a workflow a plugin
     * contributes, such a reference means that plugin's own contribution, and the host refuses
     * to run another plugin's (`WORKFLOW_USES_FOREIGN`); a bare id is a command of any plugin.
     * Workflows and chains of the host itself belong to no plugin: there the kind only selects
     * the registry.
     */
    readonly own: boolean;
}
/**
 * Parses a `uses` reference into a {@link ContributionRef}, as the manifest defines it:
 * `"<kind>:<id>"` (e.g. `steps:lint`) is the `<kind>` contribution `<id>` of the plugin that
 * owns the definition (`own: true`); a string without a known kind prefix is a bare id of
 * `defaultKind` (`commands` for workflow steps, i.e. a command of any plugin; `transformers`
 * for chains), with `own: false`. Returns `undefined` for an empty id.
 */
export declare function parseContributionRef(ref: string, defaultKind: ContributionKind): ContributionRef | undefined;
/** Per-call details the engines pass to the host's `invoke`. */
export interface EngineInvokeOptions {
    /** Aborted when the run is cancelled or the call times out. */
    readonly signal: AbortSignal;
    /** The step's own timeout, when it declares one (the host still applies its own limits). */
    readonly timeoutMs?: number;
    /** The workflow id, for workflow steps. */
    readonly workflow?: string;
    /**
     * The plugin that contributed the workflow, when a plugin did: an `own` reference must
     * resolve to a contribution of this plugin (the host checks it).
     */
    readonly owner?: string;
    /** The step id, for workflow steps. */
    readonly step?: string;
}
/**
 * How the engines run one contribution: the host implements it on top of its registry and
 * executors (permission checks, schema validation, plugin timeouts). Tests pass a plain function.
 */
export type EngineInvoke = (ref: ContributionRef, input: unknown, options: EngineInvokeOptions) => Promise<unknown>;
//# sourceMappingURL=contribution-ref.d.ts.map