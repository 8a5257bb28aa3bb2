import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';

/**
 * A micro-plugin chain. JSON-friendly except for `predicate` conditions, which only
 * programmatic callers can pass.
 *
 * - `"transformers:upper"` or `{ use: "transformers:upper" }`: one contribution; a bare id means
 *   a transformer. Its input is the chain's current value, its result the next value.
 * - `{ sequence: [a, b, c] }`: each node's output is the next one's input; the result is the
 *   last output (an empty sequence passes its input through).
 * - `{ parallel: [a, b] }`: every branch gets the same input, concurrently; the result is the
 *   array of results in branch order. `{ parallel: { x: a, y: b } }` yields `{ x, y }`.
 *   With `merge: true` an array of object results is shallow-merged, later branches winning.
 *   The first failing branch aborts the others and rejects the chain.
 * - `{ if: condition, then, else? }`: runs `then` or `else` on the same input; without `else`
 *   a failing condition passes the input through unchanged.
 */
export type ChainDefinition = string | ChainUse | ChainSequence | ChainParallel | ChainConditional;

/** Runs one contribution (`"<kind>:<id>"`, a bare id is a transformer). */
export interface ChainUse {
  readonly use: string;
}

/** Runs nodes one after another, piping outputs to inputs. */
export interface ChainSequence {
  readonly sequence: readonly ChainDefinition[];
}

/** Runs branches concurrently on the same input. */
export interface ChainParallel {
  readonly parallel: readonly ChainDefinition[] | Readonly<Record<string, ChainDefinition>>;
  /** Shallow-merge object results of an array of branches into one object. */
  readonly merge?: boolean;
}

/** Chooses a branch by a condition evaluated on the current value. */
export interface ChainConditional {
  readonly if: ChainCondition;
  readonly then: ChainDefinition;
  readonly else?: ChainDefinition;
}

/**
 * A condition: a validator id (`{ validator: "is-json" }`), any contribution
 * (`{ use: "validators:is-json" }`, a bare id meaning a validator) or a local predicate.
 * A contribution passes when it returns `true`, or an object whose `valid` (or `ok`) is `true`.
 */
export type ChainCondition =
  | { readonly validator: string }
  | { readonly use: string }
  | { readonly predicate: (input: unknown) => boolean | Promise<boolean> };

const MAX_DEPTH = 64;

/**
 * Throws `CHAIN_INVALID` (naming where, e.g. `sequence[1].then`) unless `chain` is a
 * well-formed {@link ChainDefinition}. {@link runChain} checks the whole chain before running
 * any of it, so a malformed tail never leaves a half-run chain behind.
 */
export function assertChainDefinition(chain: unknown): asserts chain is ChainDefinition {
  check(chain, '', 0);
}

function fail(at: string, detail: string): never {
  throw createError(hostErrors.CHAIN_INVALID, { at: at === '' ? undefined : at, detail });
}

function check(node: unknown, at: string, depth: number): void {
  if (depth > MAX_DEPTH) fail(at, `it nests deeper than ${MAX_DEPTH} levels`);
  if (typeof node === 'string') {
    if (node === '') fail(at, 'a contribution reference is empty');
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    fail(at, `expected a reference or an object, got ${describe(node)}`);
  }
  const keys = Object.keys(node);
  const record = node as Record<string, unknown>;
  const shape = keys.find((k) => k === 'use' || k === 'sequence' || k === 'parallel' || k === 'if');
  if (shape === undefined) {
    fail(at, `expected one of "use", "sequence", "parallel" or "if" (keys: ${keys.join(', ')})`);
  }
  const allowed: Record<string, readonly string[]> = {
    use: ['use'],
    sequence: ['sequence'],
    parallel: ['parallel', 'merge'],
    if: ['if', 'then', 'else'],
  };
  const extra = keys.filter((k) => !allowed[shape]?.includes(k));
  if (extra.length > 0) fail(at, `unexpected key(s) ${extra.join(', ')} next to "${shape}"`);
  const path = (suffix: string) => (at === '' ? suffix : `${at}.${suffix}`);

  if (shape === 'use') {
    if (typeof record.use !== 'string' || record.use === '') fail(path('use'), 'must be an id');
  } else if (shape === 'sequence') {
    if (!Array.isArray(record.sequence)) fail(path('sequence'), 'must be an array');
    record.sequence.forEach((child, i) => {
      check(child, `${path('sequence')}[${i}]`, depth + 1);
    });
  } else if (shape === 'parallel') {
    const branches = record.parallel;
    if (Array.isArray(branches)) {
      branches.forEach((child, i) => {
        check(child, `${path('parallel')}[${i}]`, depth + 1);
      });
    } else if (typeof branches === 'object' && branches !== null) {
      if (record.merge !== undefined) fail(path('merge'), 'only applies to an array of branches');
      for (const [key, child] of Object.entries(branches)) {
        check(child, `${path('parallel')}.${key}`, depth + 1);
      }
    } else {
      fail(path('parallel'), 'must be an array or an object of branches');
    }
    if (record.merge !== undefined && typeof record.merge !== 'boolean') {
      fail(path('merge'), 'must be a boolean');
    }
  } else {
    checkCondition(record.if, path('if'));
    if (!('then' in record)) fail(at, '"if" needs a "then" branch');
    check(record.then, path('then'), depth + 1);
    if ('else' in record) check(record.else, path('else'), depth + 1);
  }
}

function checkCondition(condition: unknown, at: string): void {
  if (typeof condition !== 'object' || condition === null) {
    fail(at, 'must be { validator }, { use } or { predicate }');
  }
  const c = condition as Record<string, unknown>;
  const keys = Object.keys(c);
  if (keys.length !== 1) fail(at, 'must have exactly one of "validator", "use" or "predicate"');
  if ('predicate' in c) {
    if (typeof c.predicate !== 'function') fail(`${at}.predicate`, 'must be a function');
  } else if ('validator' in c || 'use' in c) {
    const ref = c.validator ?? c.use;
    if (typeof ref !== 'string' || ref === '') fail(`${at}.${keys[0]}`, 'must be an id');
  } else {
    fail(at, `unexpected key "${keys[0]}"`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
