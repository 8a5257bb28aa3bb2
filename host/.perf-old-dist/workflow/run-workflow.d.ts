import type { Clock } from '../services/host-services.js';
import { type EngineInvoke } from './contribution-ref.js';
import { type TemplateResolver, type TemplateScope } from './resolve-template.js';
import { type WorkflowDefinition } from './workflow-definition.js';
import type { WorkflowResult } from './workflow-result.js';
/** Exponential backoff between attempts: `initialMs * factor^(attempt-1)`, at most `maxMs`. */
export interface WorkflowBackoff {
    readonly initialMs?: number;
    readonly factor?: number;
    readonly maxMs?: number;
}
/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions {
    /** Runs one contribution; the host binds it to its registry. */
    readonly invoke: EngineInvoke;
    /**
     * The plugin that contributed the definition, if any. Passed to `invoke` with every step,
     * so that `"<kind>:<id>"` resolves to that plugin's own contribution (see
     * {@link ContributionRef.own}); bare ids stay commands of any plugin.
     */
    readonly owner?: string;
    /** Timers for timeouts and backoff; tests pass a fake clock. */
    readonly clock: Clock;
    /** Aborts the run: steps in flight see the abort, nothing new starts, the result is `cancelled`. */
    readonly signal?: AbortSignal;
    /** Resolves `with` placeholders; defaults to {@link resolveTemplate}. */
    readonly resolveTemplate?: TemplateResolver;
    /** Extra placeholder roots (e.g. `env`, `config`) besides `input` and `steps`. */
    readonly scope?: TemplateScope;
    /** Default 100 ms, factor 2, at most 10 s. */
    readonly backoff?: WorkflowBackoff;
    /** Per-attempt timeout for steps that declare none. */
    readonly defaultTimeoutMs?: number;
    /** Whether a failed attempt may be retried; defaults to {@link isRetryableError}. */
    readonly isRetryable?: (error: unknown) => boolean;
}
/**
 * The default retry policy: every failure except those that a retry cannot change
 * (permission denials, schema and template errors, unknown contributions).
 */
export declare function isRetryableError(error: unknown): boolean;
/**
 * Runs a workflow: validates it (`WORKFLOW_INVALID`, `DEPENDENCY_CYCLE` reject), then starts
 * every step whose `needs` have settled, concurrently. A step's `uses` is a bare command id
 * (any plugin's command) or `"<kind>:<id>"` (the contribution of {@link RunWorkflowOptions.owner},
 * or of any plugin for a host workflow), parsed by {@link parseContributionRef}. A step's `with` is resolved against
 * `{ input, steps: { <id>: { output, status } }, ...scope }`. A failed step is retried
 * `retries` times with exponential backoff on the injected clock; each attempt has its own
 * timeout (`WORKFLOW_STEP_TIMEOUT`) and abort signal. When a non-optional step fails, the
 * steps that (transitively) need it are skipped, independent ones still run, and the result
 * is `failed`. A failed optional step lets its dependents run; placeholders reading its
 * output resolve to nothing. Aborting `signal` resolves at once with `cancelled`, without
 * waiting for handlers that ignore their signal.
 */
export declare function runWorkflow(definition: WorkflowDefinition, input: unknown, options: RunWorkflowOptions): Promise<WorkflowResult>;
//# sourceMappingURL=run-workflow.d.ts.map