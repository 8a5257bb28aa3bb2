import { DEFAULT_WORKFLOW_BACKOFF, describeRetries, workflowStages } from '@stack-plugin/pdk';
import { workflowFence } from './_workflow-fence.js';
import { cell } from './schema-markdown.js';
import type { DiagramStep } from './workflow-diagram.js';

const isObject = (v: unknown): v is { readonly [k: string]: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stepsOf(workflow: {
  readonly [k: string]: unknown;
}): Array<DiagramStep & { timeoutMs?: number; title?: string }> {
  const steps = Array.isArray(workflow.steps) ? workflow.steps : [];
  return steps.filter(isObject).map((s) => ({
    id: String(s.id ?? '?'),
    uses: String(s.uses ?? '?'),
    ...(Array.isArray(s.needs) ? { needs: s.needs.map(String) } : {}),
    ...(s.optional === true ? { optional: true } : {}),
    ...(typeof s.retries === 'number' ? { retries: s.retries } : {}),
    ...(typeof s.timeoutMs === 'number' ? { timeoutMs: s.timeoutMs } : {}),
    ...(typeof s.title === 'string' ? { title: s.title } : {}),
  }));
}

/**
 * The Markdown of one workflow: its diagram (a block the HTML site draws as an SVG at build
 * time, readable without JavaScript), then every step with what it uses, what it needs,
 * whether it is optional, its retries with the waits between them, and its timeout.
 */
export function workflowMarkdown(workflow: { readonly [k: string]: unknown }): string[] {
  const id = String(workflow.id ?? '(no id)');
  const steps = stepsOf(workflow);
  const lines: string[] = [];
  if (steps.length === 0) return ['This workflow has no steps.', ''];
  let diagram: string;
  try {
    workflowStages(steps);
    diagram = workflowFence(id, steps);
  } catch (error) {
    // `validate` reports cycles and unknown needs with codes; the page says it and goes on.
    diagram = `*No diagram: ${cell((error as Error).message)}.*`;
  }
  lines.push(`### Steps of ${id}`, '', diagram, '');
  lines.push(
    '| Step | Uses | Needs | Optional | Retries | Timeout |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const s of steps) {
    lines.push(
      `| \`${cell(s.id)}\`${s.title === undefined ? '' : ` ${cell(s.title)}`} | \`${cell(s.uses)}\` | ${(s.needs ?? []).map((n) => `\`${cell(n)}\``).join(', ') || 'nothing (starts first)'} | ${s.optional === true ? 'yes: a failure does not fail the workflow' : 'no'} | ${cell(describeRetries(s.retries))} | ${s.timeoutMs === undefined ? 'host default' : `${s.timeoutMs} ms per attempt`} |`,
    );
  }
  const { initialMs, factor, maxMs } = DEFAULT_WORKFLOW_BACKOFF;
  lines.push(
    '',
    `Steps run as soon as every step they need has succeeded; steps with no order between them run side by side. A failed step is tried again up to its \`retries\`, waiting ${initialMs} ms before the first retry, then ${factor} times longer each time, at most ${maxMs / 1000} s. A failed step that is not optional fails the workflow, and the steps that need it do not run.`,
    '',
  );
  return lines;
}
