import { describeRetries, type WorkflowStepShape, workflowStages } from '@stack-plugin/pdk';

/** A workflow as `run --workflow --dry-run` shows it. */
export interface WorkflowPlanSource {
  readonly id: string;
  readonly title?: string;
  readonly steps: readonly (WorkflowStepShape & { readonly with?: unknown })[];
}

/**
 * The step graph a workflow would run, stage by stage (steps of one stage may run side by
 * side), with each step's `uses`, `needs`, `optional`, retries and their backoff, timeout and
 * input template. Nothing is run.
 */
export function formatWorkflowPlan(workflow: WorkflowPlanSource, from: string): string {
  const stages = workflowStages(workflow.steps);
  const width = Math.max(...workflow.steps.map((s) => s.id.length), 2);
  const lines = [
    `workflow ${workflow.id}${workflow.title === undefined ? '' : ` (${workflow.title})`}, from ${from}: ${workflow.steps.length} steps in ${stages.length} stages`,
  ];
  stages.forEach((stage, i) => {
    lines.push(`stage ${i + 1}${stage.length > 1 ? ' (side by side)' : ''}:`);
    for (const step of stage) {
      const parts = [`  ${step.id.padEnd(width)}  uses ${step.uses}`];
      if ((step.needs ?? []).length > 0) parts.push(`needs ${(step.needs ?? []).join(', ')}`);
      if (step.optional === true) parts.push('optional (a failure does not fail the workflow)');
      if ((step.retries ?? 0) > 0) parts.push(describeRetries(step.retries));
      if (step.timeoutMs !== undefined) parts.push(`timeout ${step.timeoutMs} ms per attempt`);
      lines.push(parts.join('  '));
      if (step.with !== undefined)
        lines.push(`  ${' '.repeat(width)}  with ${JSON.stringify(step.with)}`);
    }
  });
  lines.push('Nothing was run (--dry-run).');
  return `${lines.join('\n')}\n`;
}

/** The same plan as JSON: `{ workflow, from, stages: [[step, ...], ...] }`. */
export function workflowPlanJson(workflow: WorkflowPlanSource, from: string): unknown {
  return { workflow: workflow.id, from, stages: workflowStages(workflow.steps) };
}
