/**
 * One step of a workflow, as written in a manifest's `contributes.workflows` entry (the pdk
 * manifest schema's `WorkflowStep`) or in the host config.
 */
export interface WorkflowStepDefinition {
    /** Unique within the workflow; later steps read its output as `${steps.<id>.output}`. */
    readonly id: string;
    /** Short human name of the step. */
    readonly title?: string;
    /**
     * The contribution to run: `"<kind>:<id>"` (`steps:lint`, `transformers:md-to-html`), or a
     * bare command id (`notes.create`), as in the manifest's `contributes.workflows`.
     */
    readonly uses: string;
    /**
     * The step's input, with `${input.x}` and `${steps.<id>.output.<key>}` placeholders.
     * Without it the step receives the workflow input.
     */
    readonly with?: unknown;
    /** Steps that must settle first; steps without a path between them run concurrently. */
    readonly needs?: readonly string[];
    /** A failure is recorded but does not fail the workflow; dependents still run. */
    readonly optional?: boolean;
    /** Extra attempts after a failure, with exponential backoff (default 0). */
    readonly retries?: number;
    /** Per-attempt timeout in milliseconds. */
    readonly timeoutMs?: number;
}
/** A workflow: a DAG of steps. */
export interface WorkflowDefinition {
    readonly id: string;
    readonly title?: string;
    readonly description?: string;
    readonly steps: readonly WorkflowStepDefinition[];
}
/**
 * Throws `WORKFLOW_INVALID` unless `definition` is a well-formed workflow: unique non-empty
 * step ids, a `uses` on every step, `needs` naming existing other steps, non-negative integer
 * `retries`, positive `timeoutMs`, and every `${steps.<id>...}` placeholder naming a step this
 * one (transitively) needs. Throws `DEPENDENCY_CYCLE` with the path (`a -> b -> a`) when the
 * `needs` form a cycle. Returns the step ids in a dependency-respecting order.
 */
export declare function assertWorkflowDefinition(definition: unknown): string[];
//# sourceMappingURL=workflow-definition.d.ts.map