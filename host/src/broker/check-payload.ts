import { createError } from '@stack-plugin/pdk';

/** Keys that could reach an object's prototype when a payload is merged or assigned. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deepest nesting accepted. Deeper payloads are far more likely an attack than data, and the
 * bound is also what stops a cyclic value (no set of visited objects is kept, which keeps the
 * check cheap enough to run on every event).
 */
const MAX_DEPTH = 64;

/** Default largest payload, in approximate bytes. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

interface Walk {
  bytes: number;
  readonly maxBytes: number;
  /** Keys from the root to the value being checked, for the error's JSON Pointer. */
  readonly path: string[];
}

class PayloadProblem {
  readonly pointer: string;
  readonly detail: string;
  constructor(path: readonly string[], detail: string) {
    this.pointer = path.map((key) => `/${escapePointer(key)}`).join('');
    this.detail = detail;
  }
}

/**
 * Checks that a value may cross the broker: structured-clonable data only (primitives, plain
 * objects, arrays, dates, typed arrays), no key that could pollute a prototype, at most
 * {@link MAX_DEPTH} deep (so no cycles) and about `maxBytes` large. Throws `VALIDATION_FAILED`
 * naming `what` (a function is called only then, so hot paths build no message) and where the
 * problem is (a JSON Pointer).
 */
export function checkPayload(
  value: unknown,
  options: { what: string | (() => string); maxBytes?: number; plugin?: string },
): void {
  // Fast path for the common small primitive payload of an event.
  const type = typeof value;
  if (type === 'number' || type === 'boolean' || type === 'undefined' || value === null) return;
  const state: Walk = {
    bytes: 0,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    path: [],
  };
  try {
    walk(value, state, 0);
  } catch (error) {
    if (!(error instanceof PayloadProblem)) throw error;
    const where = error.pointer === '' ? '' : `at ${error.pointer}: `;
    throw createError(
      'VALIDATION_FAILED',
      {
        what: typeof options.what === 'function' ? options.what() : options.what,
        detail: `${where}${error.detail}`,
      },
      options.plugin === undefined ? {} : { plugin: options.plugin },
    );
  }
}

function walk(v: unknown, state: Walk, depth: number): void {
  switch (typeof v) {
    case 'string':
      state.bytes += v.length * 2;
      break;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      state.bytes += 8;
      break;
    case 'object': {
      if (v === null) break;
      if (depth >= MAX_DEPTH) {
        throw new PayloadProblem(
          [],
          `it is nested deeper than ${MAX_DEPTH} levels (or contains a cycle)`,
        );
      }
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        state.bytes += v.byteLength;
        break;
      }
      if (v instanceof Date) {
        state.bytes += 8;
        break;
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          state.path.push(String(i));
          walk(v[i], state, depth + 1);
          state.path.pop();
        }
        break;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new PayloadProblem(
          state.path,
          `a ${proto?.constructor?.name ?? 'class'} instance is not plain data`,
        );
      }
      // Own enumerable string keys are what a structured clone copies (symbol keys are
      // dropped), and Object.keys is an order of magnitude faster than Reflect.ownKeys.
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        state.path.push(key);
        if (FORBIDDEN_KEYS.has(key)) {
          throw new PayloadProblem(state.path, `the key "${key}" is not allowed`);
        }
        state.bytes += key.length * 2;
        walk((v as Record<string, unknown>)[key], state, depth + 1);
        state.path.pop();
      }
      break;
    }
    default:
      throw new PayloadProblem(state.path, `a ${typeof v} is not structured-clonable data`);
  }
  if (state.bytes > state.maxBytes) {
    throw new PayloadProblem([], `it is larger than the ${state.maxBytes} byte limit`);
  }
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
