import { createError } from '@stack-plugin/pdk';
import { listTemplateReferences } from './resolve-template.js';
/**
 * Throws `WORKFLOW_INVALID` unless `definition` is a well-formed workflow: unique non-empty
 * step ids, a `uses` on every step, `needs` naming existing other steps, non-negative integer
 * `retries`, positive `timeoutMs`, and every `${steps.<id>...}` placeholder naming a step this
 * one (transitively) needs. Throws `DEPENDENCY_CYCLE` with the path (`a -> b -> a`) when the
 * `needs` form a cycle. Returns the step ids in a dependency-respecting order.
 */
export function assertWorkflowDefinition(definition) {
    const invalid = (detail, workflow = '?') => createError('WORKFLOW_INVALID', { workflow, detail });
    if (typeof definition !== 'object' || definition === null)
        throw invalid('it is not an object');
    const def = definition;
    if (typeof def.id !== 'string' || def.id === '')
        throw invalid('"id" must be a non-empty string');
    const wf = def.id;
    if (!Array.isArray(def.steps))
        throw invalid('"steps" must be an array', wf);
    const byId = new Map();
    def.steps.forEach((step, i) => {
        if (typeof step !== 'object' || step === null)
            throw invalid(`steps[${i}] is not an object`, wf);
        const s = step;
        if (typeof s.id !== 'string' || s.id === '') {
            throw invalid(`steps[${i}].id must be a non-empty string`, wf);
        }
        if (byId.has(s.id))
            throw invalid(`step id "${s.id}" is used twice`, wf);
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
            if (need === step.id)
                throw invalid(`step "${step.id}" needs itself`, wf);
            if (!byId.has(need))
                throw invalid(`step "${step.id}" needs unknown step "${need}"`, wf);
        }
    }
    const order = topologicalOrder(byId, wf);
    const ancestors = new Map();
    for (const id of order) {
        const set = new Set();
        for (const need of byId.get(id)?.needs ?? []) {
            set.add(need);
            for (const a of ancestors.get(need) ?? [])
                set.add(a);
        }
        ancestors.set(id, set);
    }
    for (const step of byId.values()) {
        for (const ref of listTemplateReferences(step.with)) {
            if (!ref.startsWith('steps.'))
                continue;
            const target = referencedStep(ref, byId);
            if (!ancestors.get(step.id)?.has(target)) {
                throw invalid(`step "${step.id}" reads \${${ref}} but does not list "${target}" in "needs"`, wf);
            }
        }
    }
    return order;
}
/** Kahn's algorithm; on a leftover cycle, walk it to report the path. */
function topologicalOrder(steps, workflow) {
    const remaining = new Map();
    const dependents = new Map();
    for (const step of steps.values()) {
        const needs = new Set(step.needs ?? []);
        remaining.set(step.id, needs.size);
        for (const need of needs)
            dependents.set(need, [...(dependents.get(need) ?? []), step.id]);
    }
    const order = [];
    const ready = [...remaining].filter(([, n]) => n === 0).map(([id]) => id);
    while (ready.length > 0) {
        const id = ready.shift();
        order.push(id);
        for (const dependent of dependents.get(id) ?? []) {
            const left = remaining.get(dependent) - 1;
            remaining.set(dependent, left);
            if (left === 0)
                ready.push(dependent);
        }
    }
    if (order.length === steps.size)
        return order;
    // Every unordered step needs an unordered step, so following such needs must revisit one.
    const stuck = new Set([...remaining].filter(([, n]) => n > 0).map(([id]) => id));
    const path = [];
    let current = [...stuck][0];
    while (!path.includes(current)) {
        path.push(current);
        current = (steps.get(current)?.needs ?? []).find((need) => stuck.has(need));
    }
    const cycle = [...path.slice(path.indexOf(current)), current].join(' -> ');
    throw createError('DEPENDENCY_CYCLE', { cycle: `${cycle} (steps of workflow "${workflow}")` });
}
/** The step a `steps.<id>...` path reads: the longest step id it starts with (ids may hold dots). */
function referencedStep(ref, steps) {
    const rest = ref.slice('steps.'.length);
    let best;
    for (const id of steps.keys()) {
        if ((rest === id || rest.startsWith(`${id}.`)) && id.length > (best?.length ?? -1))
            best = id;
    }
    return best ?? rest.split('.')[0];
}
function isString(value) {
    return typeof value === 'string';
}
//# sourceMappingURL=workflow-definition.js.map