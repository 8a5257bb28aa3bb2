import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import { listTemplateReferences } from './resolve-template.js';

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
  /** JSON Schema of the workflow input; the host validates the input against it first. */
  readonly input?: object;
  readonly steps: readonly WorkflowStepDefinition[];
}

/**
 * Throws `WORKFLOW_INVALID` unless `definition` is a well-formed workflow: unique non-empty
 * step ids, a `uses` on every step, `needs` naming existing other steps, non-negative integer
 * `retries`, positive `timeoutMs`, and every `${steps.<id>...}` placeholder naming a step this
 * one (transitively) needs. Throws `DEPENDENCY_CYCLE` with the path (`a -> b -> a`) when the
 * `needs` form a cycle. Returns the step ids in a dependency-respecting order.
 */
export function assertWorkflowDefinition(definition: unknown): string[] {
  const invalid = (detail: string, workflow = '?') =>
    createError(hostErrors.WORKFLOW_INVALID, { workflow, detail });
  if (typeof definition !== 'object' || definition === null) throw invalid('it is not an object');
  const def = definition as Partial<WorkflowDefinition>;
  if (typeof def.id !== 'string' || def.id === '') throw invalid('"id" must be a non-empty string');
  const wf = def.id;
  if (!Array.isArray(def.steps)) throw invalid('"steps" must be an array', wf);

  const byId = new Map<string, WorkflowStepDefinition>();
  def.steps.forEach((step: unknown, i) => {
    if (typeof step !== 'object' || step === null)
      throw invalid(`steps[${i}] is not an object`, wf);
    const s = step as WorkflowStepDefinition;
    if (typeof s.id !== 'string' || s.id === '') {
      throw invalid(`steps[${i}].id must be a non-empty string`, wf);
    }
    if (byId.has(s.id)) throw invalid(`step id "${s.id}" is used twice`, wf);
    if (typeof s.uses !== 'string' || s.uses === '') {
      throw invalid(`step "${s.id}" needs a "uses" naming a contribution`, wf);
    }
    if (s.needs !== undefined && !(Array.isArray(s.needs) && s.needs.every(isString))) {
      throw invalid(`step "${s.id}": "needs" must be an array of step ids`, wf);
    }
    if (s.retries !== undefined && !(Number.isInteger(s.retries) && s.retries >= 0)) {
      throw invalid(`step "${s.id}": "retries" must be a non-negative integer`, wf);
    }
    if (s.timeoutMs !== undefined && !(typeof s.timeoutMs === 'number' && s.timeoutMs > 0)) {
      throw invalid(`step "${s.id}": "timeoutMs" must be a positive number`, wf);
    }
    if (s.optional !== undefined && typeof s.optional !== 'boolean') {
      throw invalid(`step "${s.id}": "optional" must be a boolean`, wf);
    }
    byId.set(s.id, s);
  });
  for (const step of byId.values()) {
    for (const need of step.needs ?? []) {
      if (need === step.id) throw invalid(`step "${step.id}" needs itself`, wf);
      if (!byId.has(need)) throw invalid(`step "${step.id}" needs unknown step "${need}"`, wf);
    }
  }

  const order = topologicalOrder(byId, wf);
  const ancestors = new Map<string, Set<string>>();
  for (const id of order) {
    const set = new Set<string>();
    for (const need of byId.get(id)?.needs ?? []) {
      set.add(need);
      for (const a of ancestors.get(need) ?? []) set.add(a);
    }
    ancestors.set(id, set);
  }
  for (const step of byId.values()) {
    for (const ref of listTemplateReferences(step.with)) {
      if (!ref.startsWith('steps.')) continue;
      const target = referencedStep(ref, byId);
      if (!ancestors.get(step.id)?.has(target)) {
        throw invalid(
          `step "${step.id}" reads \${${ref}} but does not list "${target}" in "needs"`,
          wf,
        );
      }
    }
  }
  return order;
}

/** Kahn's algorithm; on a leftover cycle, walk it to report the path. */
function topologicalOrder(steps: Map<string, WorkflowStepDefinition>, workflow: string): string[] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const step of steps.values()) {
    const needs = new Set(step.needs ?? []);
    remaining.set(step.id, needs.size);
    for (const need of needs) dependents.set(need, [...(dependents.get(need) ?? []), step.id]);
  }
  const order: string[] = [];
  const ready = [...remaining].filter(([, n]) => n === 0).map(([id]) => id);
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length === steps.size) return order;

  // Every unordered step needs an unordered step, so following such needs must revisit one.
  const stuck = new Set([...remaining].filter(([, n]) => n > 0).map(([id]) => id));
  const path: string[] = [];
  let current = [...stuck][0]!;
  while (!path.includes(current)) {
    path.push(current);
    current = (steps.get(current)?.needs ?? []).find((need) => stuck.has(need))!;
  }
  const cycle = [...path.slice(path.indexOf(current)), current].join(' -> ');
  throw createError(hostErrors.DEPENDENCY_CYCLE, {
    cycle: `${cycle} (steps of workflow "${workflow}")`,
  });
}

/** The step a `steps.<id>...` path reads: the longest step id it starts with (ids may hold dots). */
function referencedStep(ref: string, steps: Map<string, unknown>): string {
  const rest = ref.slice('steps.'.length);
  let best: string | undefined;
  for (const id of steps.keys()) {
    if ((rest === id || rest.startsWith(`${id}.`)) && id.length > (best?.length ?? -1)) best = id;
  }
  return best ?? (rest.split('.')[0] as string);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
