import { type IssueCollector, isRecord } from './_issue-collector.js';

const MANIFEST = 'stack-plugin.json';

/** The ids contributed per kind, for resolving `uses: "<kind>:<id>"`. */
export type ContributedIds = Map<string, Set<string>>;

/**
 * Checks of contributed workflows: unique step ids, `needs` naming steps of the same workflow,
 * no cycles, and `<kind>:<id>` references to contributions this plugin has.
 */
export function checkWorkflows(c: IssueCollector, workflows: unknown, ids: ContributedIds): void {
  if (!Array.isArray(workflows)) return;
  workflows.forEach((workflow, w) => {
    if (!isRecord(workflow) || !Array.isArray(workflow.steps)) return;
    const base = `/contributes/workflows/${w}/steps`;
    const index = new Map<string, number>();
    workflow.steps.forEach((step, s) => {
      if (!isRecord(step) || typeof step.id !== 'string') return;
      if (index.has(step.id)) {
        c.add(
          'WORKFLOW_STEP_DUPLICATE_ID',
          MANIFEST,
          `${base}/${s}/id`,
          `Step id "${step.id}" is already used by step ${index.get(step.id)} of this workflow, so "needs" cannot tell them apart.`,
          'Give every step of a workflow its own id.',
        );
      } else {
        index.set(step.id, s);
      }
    });
    workflow.steps.forEach((step, s) => {
      if (!isRecord(step)) return;
      if (typeof step.uses === 'string') {
        const match = /^([a-z]+):(.*)$/.exec(step.uses);
        if (match && ids.has(match[1] ?? '') && !ids.get(match[1] ?? '')?.has(match[2] ?? '')) {
          c.add(
            'WORKFLOW_USES_UNKNOWN',
            MANIFEST,
            `${base}/${s}/uses`,
            `"${step.uses}" names a ${match[1]} contribution "${match[2]}" that this plugin does not declare, so the step could never run.`,
            `Declare it under "contributes.${match[1]}", or fix the id.`,
          );
        }
      }
      if (!Array.isArray(step.needs)) return;
      step.needs.forEach((need, n) => {
        if (typeof need === 'string' && !index.has(need)) {
          c.add(
            'WORKFLOW_NEEDS_UNKNOWN',
            MANIFEST,
            `${base}/${s}/needs/${n}`,
            `Step "${String(step.id)}" needs "${need}", which is not a step of this workflow.`,
            `Use one of: ${[...index.keys()].join(', ') || '(no steps)'}.`,
          );
        }
      });
    });
    const cycle = findCycle(workflow.steps, index);
    if (cycle !== undefined) {
      const first = index.get(cycle[0] ?? '') ?? 0;
      c.add(
        'WORKFLOW_CYCLE',
        MANIFEST,
        `${base}/${first}/needs`,
        `Steps need each other in a cycle (${cycle.join(' -> ')}), so none of them can start.`,
        'Remove one of the "needs" entries in the cycle.',
      );
    }
  });
}

/** The first cycle in the `needs` graph as a path `a -> b -> a`, or undefined. */
function findCycle(steps: unknown[], index: Map<string, number>): string[] | undefined {
  const needs = (id: string): string[] => {
    const step = steps[index.get(id) ?? -1];
    if (!isRecord(step) || !Array.isArray(step.needs)) return [];
    return step.needs.filter((n): n is string => typeof n === 'string' && index.has(n));
  };
  const state = new Map<string, 'open' | 'done'>();
  for (const start of index.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS so long chains cannot overflow the stack.
    const path: string[] = [];
    const stack: Array<{ id: string; next: string[] }> = [{ id: start, next: needs(start) }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: string[] };
      const next = top.next.shift();
      if (next === undefined) {
        state.set(top.id, 'done');
        stack.pop();
        path.pop();
      } else if (state.get(next) === 'open') {
        return [...path.slice(path.indexOf(next)), next];
      } else if (!state.has(next)) {
        state.set(next, 'open');
        path.push(next);
        stack.push({ id: next, next: needs(next) });
      }
    }
  }
  return undefined;
}
