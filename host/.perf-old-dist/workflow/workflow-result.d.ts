import type { StackPluginError } from '@stack-plugin/pdk';
/** How a workflow run ended. */
export type WorkflowStatus = 'succeeded' | 'failed' | 'cancelled';
/**
 * How one step ended: `skipped` when a step it needs failed (or was skipped), `cancelled`
 * when the run was aborted before the step finished.
 */
export type WorkflowStepStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled';
/** The outcome of one step. */
export interface WorkflowStepResult {
    readonly status: WorkflowStepStatus;
    readonly output?: unknown;
    /** `WORKFLOW_STEP_FAILED` (the last attempt's error as `cause`) or `WORKFLOW_CANCELLED`. */
    readonly error?: StackPluginError;
    /** Attempts started (0 for steps that never ran). */
    readonly attempts: number;
}
/** The outcome of a workflow run. Runs never reject once the definition is valid. */
export interface WorkflowResult {
    /** `failed` when a non-optional step failed; `cancelled` when the signal aborted the run. */
    readonly status: WorkflowStatus;
    readonly steps: Record<string, WorkflowStepResult>;
    /** The first non-optional step error, or the cancellation. */
    readonly error?: StackPluginError;
}
//# sourceMappingURL=workflow-result.d.ts.map