/**
 * What may cross between a plugin and the host, as one rule for every way across: the host's
 * broker and invoker check with it, and a sandbox checks what its plugin sends with the same
 * module before anything is posted (so a value refused at isolation `none` is refused alike
 * in a worker or a child process, and one that a structured clone would silently turn into
 * something else, such as a class instance, is not sent as that). This module imports
 * nothing: a strict sandbox may read only its runtime files.
 */

/** Keys that could reach an object's prototype when a payload is merged or assigned. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deepest nesting accepted. Deeper payloads are far more likely an attack than data, and the
 * bound is also what stops a cyclic value (no set of visited objects is kept, which keeps the
 * check cheap enough to run on every event).
 */
const MAX_DEPTH = 64;

// Brand checks. `instanceof` follows the prototype chain, which a Proxy or `Object.create`
// can fake: such an object passed for a Date or an ArrayBuffer, then a clone refused it or
// silently made it `{}`, and reading its byte length threw. These built-in getters read the
// internal slot instead and throw for anything that only poses as one.
const bufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')
  ?.get as (this: unknown) => number;
const dateTime = Date.prototype.getTime as (this: unknown) => number;

/** The byte length of a real ArrayBuffer or view, -1 for anything posing as one. */
function bytesOf(v: object): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  try {
    return bufferByteLength.call(v);
  } catch {
    return -1;
  }
}

/** Whether `v` is a real Date (not a Proxy of one, nor an object inheriting from one). */
function isDate(v: object): boolean {
  try {
    dateTime.call(v);
    return true;
  } catch {
    return false;
  }
}

/** What an object that only poses as a Date or an ArrayBuffer is told. */
const POSING =
  'an object posing as a Date or an ArrayBuffer (a Proxy, or one made with Object.create) is not plain data';

/** What the rule accepts, in words, from its own bounds: the hint of a refusal. */
export const PLAIN_DATA = `plain data: primitives, plain objects and arrays, dates and typed arrays, at most ${MAX_DEPTH} levels deep, within the size limit and without ${[...FORBIDDEN_KEYS].slice(0, -1).join(', ')} or ${[...FORBIDDEN_KEYS].at(-1)} keys; copy a class instance, a Map or a Set into a plain object or array first`;

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
  readonly kind: PayloadFaultKind;
  constructor(path: readonly string[], detail: string, kind: PayloadFaultKind) {
    this.pointer = path.map((key) => `/${escapePointer(key)}`).join('');
    this.detail = detail;
    this.kind = kind;
  }
}

/**
 * Frozen plain objects and arrays already found valid, with their size and height. A frozen
 * value whose own values are all primitives or such values can no longer change, so sending
 * the same one again (a constant payload, a cached config) is checked with one lookup.
 */
const checked = new WeakMap<object, { readonly bytes: number; readonly height: number }>();

/** Height of the value last measured by {@link measure} (0 for a primitive). */
let measuredHeight = 0;

/**
 * What `checkPayload` returns for `value` when it accepts it, or -1 when it would refuse it. Throws nothing and allocates nothing: a hot path checks with it and calls
 * `checkPayload` (with the message it needs built) only for a refusal.
 */
export function payloadSize(value: unknown, maxBytes: number = DEFAULT_MAX_PAYLOAD_BYTES): number {
  // Fast path for the common small primitive payload of an event.
  const type = typeof value;
  if (type === 'number' || type === 'boolean' || type === 'undefined' || value === null) return 8;
  return measure(value, 0, maxBytes);
}

/**
 * The approximate size in bytes of a value as one element of an argument array (so nested
 * one level deep), or -1 when `checkPayload` would refuse that array within `maxBytes`
 * because of it. Throws nothing and allocates nothing: for hot paths that call
 * `checkPayload` only to report a refusal.
 */
export function argumentSize(value: unknown, maxBytes: number): number {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return 8 > maxBytes ? -1 : 8;
    default:
      return measure(value, 1, maxBytes);
  }
}

/**
 * The approximate size of `v` in bytes, or -1 when {@link walk} would refuse it (including
 * when it is larger than `budget`). Sets {@link measuredHeight}.
 */
function measure(v: unknown, depth: number, budget: number): number {
  measuredHeight = 0;
  switch (typeof v) {
    case 'string':
      return v.length * 2 > budget ? -1 : v.length * 2;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return 8 > budget ? -1 : 8;
    case 'object': {
      if (v === null) return 0;
      if (depth >= MAX_DEPTH) return -1;
      const frozen = Object.isFrozen(v);
      if (frozen) {
        const known = checked.get(v);
        if (known !== undefined) {
          if (depth + known.height > MAX_DEPTH || known.bytes > budget) return -1;
          measuredHeight = known.height;
          return known.bytes;
        }
      }
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        const bytes = bytesOf(v);
        return bytes < 0 || bytes > budget ? -1 : bytes;
      }
      if (v instanceof Date) return 8 > budget || !isDate(v) ? -1 : 8;
      let total = 0;
      let height = 0;
      // Cacheable while every own value is immutable too.
      let stable = frozen;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          const n = measure(item, depth + 1, budget - total);
          if (n < 0) return -1;
          total += n;
          if (measuredHeight >= height) height = measuredHeight + 1;
          if (stable) stable = isImmutable(item);
        }
      } else {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return -1;
        const keys = Object.keys(v);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          if (FORBIDDEN_KEYS.has(key)) return -1;
          total += key.length * 2;
          const item: unknown = (v as Record<string, unknown>)[key];
          const n = measure(item, depth + 1, budget - total);
          if (n < 0) return -1;
          total += n;
          if (measuredHeight >= height) height = measuredHeight + 1;
          if (stable) stable = isImmutable(item);
        }
      }
      if (total > budget) return -1;
      // A getter could answer differently next time: only data properties make a value stable.
      if (stable && hasOnlyDataProperties(v)) checked.set(v, { bytes: total, height });
      measuredHeight = height;
      return total;
    }
    default:
      return -1;
  }
}

/** Whether a value that was just measured can no longer change. */
function isImmutable(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return Object.isFrozen(v) && checked.has(v);
}

function hasOnlyDataProperties(v: object): boolean {
  const descriptors = Object.getOwnPropertyDescriptors(v);
  for (const key in descriptors) {
    if (!('value' in (descriptors[key] as PropertyDescriptor))) return false;
  }
  return true;
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
          'shape',
        );
      }
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        const bytes = bytesOf(v);
        if (bytes < 0) throw new PayloadProblem(state.path, POSING, 'data');
        state.bytes += bytes;
        break;
      }
      if (v instanceof Date) {
        if (!isDate(v)) throw new PayloadProblem(state.path, POSING, 'data');
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
          'data',
        );
      }
      // Own enumerable string keys are what a structured clone copies (symbol keys are
      // dropped), and Object.keys is an order of magnitude faster than Reflect.ownKeys.
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        state.path.push(key);
        if (FORBIDDEN_KEYS.has(key)) {
          throw new PayloadProblem(state.path, `the key "${key}" is not allowed`, 'shape');
        }
        state.bytes += key.length * 2;
        walk((v as Record<string, unknown>)[key], state, depth + 1);
        state.path.pop();
      }
      break;
    }
    default:
      throw new PayloadProblem(state.path, `a ${typeof v} is not structured-clonable data`, 'data');
  }
  if (state.bytes > state.maxBytes) {
    throw new PayloadProblem([], `it is larger than the ${state.maxBytes} byte limit`, 'shape');
  }
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * What kind of fault: `data` when a value is not plain data (a function, a symbol, a class
 * instance: a structured clone refuses it or turns it into something else), `shape` when
 * plain data is refused for its form (a prototype key, its depth or a cycle, its size).
 */
export type PayloadFaultKind = 'data' | 'shape';

/** Where a refused value is wrong (a JSON Pointer, `''` for the whole value), how, and its kind. */
export interface PayloadFault {
  readonly pointer: string;
  readonly detail: string;
  readonly kind: PayloadFaultKind;
}

/**
 * Why `value` may not cross within `maxBytes`, or undefined when it may. The allocation-free
 * measure decides; only a refused value is walked again, keeping the path, to say where.
 */
export function findPayloadProblem(
  value: unknown,
  maxBytes: number = DEFAULT_MAX_PAYLOAD_BYTES,
): PayloadFault | undefined {
  return payloadSize(value, maxBytes) >= 0 ? undefined : describePayloadProblem(value, maxBytes);
}

/**
 * Where and why `value`, already measured as refused within `maxBytes` (`payloadSize` -1),
 * is refused: the value walked again, keeping the path.
 */
export function describePayloadProblem(value: unknown, maxBytes: number): PayloadFault {
  const state: Walk = { bytes: 0, maxBytes, path: [] };
  try {
    walk(value, state, 0);
    // Unreachable while measure and walk agree; refusing is the safe answer if they ever don't.
    return { pointer: '', detail: 'it is not structured-clonable data', kind: 'data' };
  } catch (error) {
    if (!(error instanceof PayloadProblem)) throw error;
    return { pointer: error.pointer, detail: error.detail, kind: error.kind };
  }
}

/**
 * `value`, which the rule accepts, as plain objects and arrays of its own: every property read
 * once (through any getter or Proxy trap), as a host at isolation `none` reads it. For a value
 * a structured clone refuses although it is plain data by this rule (a Proxy of an object or
 * array, as reactive stores hand out), so that it crosses to or from a sandbox as the data it
 * reads as, not as a clone error. Dates, typed arrays and buffers are kept as they are (a clone
 * copies them). Keys are defined, never assigned, so a `__proto__` key stays an own key (for
 * the receiver's check to refuse) instead of replacing the copy's prototype. Deeper than the
 * rule's bound, the value is kept as it is, so the clone refuses it as before.
 */
export function plainCopy(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date) {
    return value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = plainCopy(value[i], depth + 1);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: plainCopy((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * Posts `message` with `post` (a `postMessage` or `process.send`, which clone it); when that
 * throws, posts its {@link plainCopy} instead. Costs nothing until a post fails; throws the
 * first error when the copy cannot be made or posted either. Any error is retried, not only a
 * `DataCloneError`: a child process's serializer throws a plain `Error` for the same refusal,
 * and the other failure (the other side is gone) is rare and fails the retry alike.
 */
export function postPlain<M>(post: (message: M) => void, message: M): void {
  try {
    post(message);
  } catch (error) {
    let copy: M;
    try {
      copy = plainCopy(message) as M;
    } catch {
      throw error;
    }
    if (copy === message) throw error;
    try {
      post(copy);
    } catch {
      throw error;
    }
  }
}
