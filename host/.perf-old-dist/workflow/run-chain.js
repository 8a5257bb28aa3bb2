import { createError } from '@stack-plugin/pdk';
import { assertChainDefinition, } from './chain-definition.js';
import { parseContributionRef } from './contribution-ref.js';
/**
 * Runs a micro-plugin chain on `input` and resolves with its result. The whole chain is
 * checked first (`CHAIN_INVALID`). A failing node rejects the chain with that node's error
 * unchanged; an abort rejects with the signal's reason. Pure: all effects go through `invoke`.
 */
export async function runChain(chain, input, options) {
    assertChainDefinition(chain);
    const signal = options.signal ?? new AbortController().signal;
    signal.throwIfAborted();
    return runNode(chain, input, options.invoke, signal);
}
async function runNode(node, input, invoke, signal) {
    signal.throwIfAborted();
    if (typeof node === 'string')
        return call(node, 'transformers', input, invoke, signal);
    if ('use' in node)
        return call(node.use, 'transformers', input, invoke, signal);
    if ('sequence' in node) {
        let value = input;
        for (const child of node.sequence)
            value = await runNode(child, value, invoke, signal);
        return value;
    }
    if ('parallel' in node) {
        const branches = node.parallel;
        if (Array.isArray(branches)) {
            const results = await all(branches, input, invoke, signal);
            return node.merge === true ? mergeResults(results) : results;
        }
        const entries = Object.entries(branches);
        const results = await all(entries.map(([, child]) => child), input, invoke, signal);
        const out = {};
        entries.forEach(([key], i) => {
            Object.defineProperty(out, key, { value: results[i], enumerable: true, writable: true });
        });
        return out;
    }
    const passed = await evaluate(node.if, input, invoke, signal);
    if (passed)
        return runNode(node.then, input, invoke, signal);
    return node.else === undefined ? input : runNode(node.else, input, invoke, signal);
}
/** Like Promise.all, but the first failure aborts the sibling branches. */
async function all(branches, input, invoke, parent) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    try {
        return await Promise.all(branches.map((child) => runNode(child, input, invoke, controller.signal).catch((error) => {
            controller.abort(error);
            throw error;
        })));
    }
    finally {
        parent.removeEventListener('abort', onAbort);
    }
}
function call(ref, defaultKind, input, invoke, signal) {
    const parsed = parseContributionRef(ref, defaultKind);
    // assertChainDefinition rejected empty references already.
    return invoke(parsed, input, { signal });
}
async function evaluate(condition, input, invoke, signal) {
    if ('predicate' in condition)
        return (await condition.predicate(input)) === true;
    const ref = 'validator' in condition ? condition.validator : condition.use;
    const result = await call(ref, 'validators', input, invoke, signal);
    if (typeof result === 'boolean')
        return result;
    if (typeof result === 'object' && result !== null) {
        const r = result;
        if (typeof r.valid === 'boolean')
            return r.valid;
        if (typeof r.ok === 'boolean')
            return r.ok;
    }
    throw createError('CHAIN_INVALID', {
        at: `if (${ref})`,
        detail: 'the condition returned neither a boolean nor an object with a boolean "valid" or "ok"',
    });
}
function mergeResults(results) {
    const merged = {};
    results.forEach((result, i) => {
        if (typeof result !== 'object' || result === null || Array.isArray(result)) {
            throw createError('CHAIN_INVALID', {
                at: `parallel[${i}]`,
                detail: 'merge needs every branch to return an object',
            });
        }
        for (const [key, value] of Object.entries(result)) {
            Object.defineProperty(merged, key, {
                value,
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
    });
    return merged;
}
//# sourceMappingURL=run-chain.js.map