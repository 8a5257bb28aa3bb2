import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import {
  assertChainDefinition,
  type ChainCondition,
  type ChainDefinition,
} from './chain-definition.js';
import { type EngineInvoke, parseContributionRef } from './contribution-ref.js';

/** Options of {@link runChain}. */
export interface RunChainOptions {
  /** Runs one contribution; the host binds it to its registry. */
  readonly invoke: EngineInvoke;
  /** Cancels the chain: no further node starts and calls in flight see the abort. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a micro-plugin chain on `input` and resolves with its result. The whole chain is
 * checked first (`CHAIN_INVALID`). A failing node rejects the chain with that node's error
 * unchanged; an abort rejects with the signal's reason. Pure: all effects go through `invoke`.
 */
export async function runChain(
  chain: ChainDefinition,
  input: unknown,
  options: RunChainOptions,
): Promise<unknown> {
  assertChainDefinition(chain);
  const signal = options.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  return runNode(chain, input, options.invoke, signal);
}

async function runNode(
  node: ChainDefinition,
  input: unknown,
  invoke: EngineInvoke,
  signal: AbortSignal,
): Promise<unknown> {
  signal.throwIfAborted();
  if (typeof node === 'string') return call(node, 'transformers', input, invoke, signal);
  if ('use' in node) return call(node.use, 'transformers', input, invoke, signal);
  if ('sequence' in node) {
    let value = input;
    for (const child of node.sequence) value = await runNode(child, value, invoke, signal);
    return value;
  }
  if ('parallel' in node) {
    const branches = node.parallel;
    if (Array.isArray(branches)) {
      const results = await all(branches as readonly ChainDefinition[], input, invoke, signal);
      return node.merge === true ? mergeResults(results) : results;
    }
    const entries = Object.entries(branches as Record<string, ChainDefinition>);
    const results = await all(
      entries.map(([, child]) => child),
      input,
      invoke,
      signal,
    );
    const out: Record<string, unknown> = {};
    entries.forEach(([key], i) => {
      Object.defineProperty(out, key, { value: results[i], enumerable: true, writable: true });
    });
    return out;
  }
  const passed = await evaluate(node.if, input, invoke, signal);
  if (passed) return runNode(node.then, input, invoke, signal);
  return node.else === undefined ? input : runNode(node.else, input, invoke, signal);
}

/** Like Promise.all, but the first failure aborts the sibling branches. */
async function all(
  branches: readonly ChainDefinition[],
  input: unknown,
  invoke: EngineInvoke,
  parent: AbortSignal,
): Promise<unknown[]> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(
      branches.map((child) =>
        runNode(child, input, invoke, controller.signal).catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    parent.removeEventListener('abort', onAbort);
  }
}

function call(
  ref: string,
  defaultKind: 'transformers' | 'validators',
  input: unknown,
  invoke: EngineInvoke,
  signal: AbortSignal,
): Promise<unknown> {
  const parsed = parseContributionRef(ref, defaultKind);
  // assertChainDefinition rejected empty references already.
  return invoke(parsed!, input, { signal });
}

async function evaluate(
  condition: ChainCondition,
  input: unknown,
  invoke: EngineInvoke,
  signal: AbortSignal,
): Promise<boolean> {
  if ('predicate' in condition) return (await condition.predicate(input)) === true;
  const ref = 'validator' in condition ? condition.validator : condition.use;
  const result = await call(ref, 'validators', input, invoke, signal);
  if (typeof result === 'boolean') return result;
  if (typeof result === 'object' && result !== null) {
    const r = result as Record<string, unknown>;
    if (typeof r.valid === 'boolean') return r.valid;
    if (typeof r.ok === 'boolean') return r.ok;
  }
  throw createError(hostErrors.CHAIN_INVALID, {
    at: `if (${ref})`,
    detail: 'the condition returned neither a boolean nor an object with a boolean "valid" or "ok"',
  });
}

function mergeResults(results: readonly unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  results.forEach((result, i) => {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw createError(hostErrors.CHAIN_INVALID, {
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
