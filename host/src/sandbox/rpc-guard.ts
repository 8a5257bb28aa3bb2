import { CAPABILITY_METHODS } from '@stack-plugin/pdk';
import { DEFAULT_MAX_IN_FLIGHT } from '../_internal/in-flight-gate.js';
import { payloadBytes, type SandboxMessage, TokenBucket } from './_protocol.js';

export { payloadBytes, TokenBucket };

/**
 * Limits on what a sandboxed plugin may send the host. Everything a sandbox sends is checked
 * against them before the host acts on it.
 */
export interface RpcLimits {
  /** Largest payload, estimated as string lengths plus binary byte lengths. Default 1 MiB. */
  readonly maxPayloadBytes: number;
  /** Deepest nesting of objects and arrays. Default 64. */
  readonly maxDepth: number;
  /** Most values (objects, arrays, primitives) in one payload. Default 100,000. */
  readonly maxNodes: number;
  /** Sustained capability calls per second per plugin (token bucket refill). Default 1,000. */
  readonly callsPerSecond: number;
  /** Calls a plugin may make in a burst above the sustained rate. Default 2,000. */
  readonly burst: number;
  /** Capability calls of one plugin waiting for the host at once. Default 256. */
  readonly maxInFlight: number;
  /** Sustained argument bytes per second per plugin, all capability calls together. Default 1 MiB. */
  readonly bytesPerSecond: number;
  /** Argument bytes a plugin may send in a burst above the sustained rate. Default 4 MiB (one largest payload). */
  readonly burstBytes: number;
}

/** Defaults for {@link RpcLimits}. */
export const DEFAULT_RPC_LIMITS: RpcLimits = Object.freeze({
  maxPayloadBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 100_000,
  callsPerSecond: 1_000,
  burst: 2_000,
  maxInFlight: DEFAULT_MAX_IN_FLIGHT,
  bytesPerSecond: 1024 * 1024,
  burstBytes: 4 * 1024 * 1024,
});

/** Keys that can reach or replace a prototype once data meets ordinary object code. */
const FORBIDDEN_KEYS = new Set<PropertyKey>(['__proto__', 'constructor', 'prototype']);

/**
 * Checks one payload: no `__proto__`/`constructor`/`prototype` own keys at any depth, and
 * within the size, depth and node limits. Returns what is wrong, or `undefined` when it is
 * acceptable. Iterative, so a deeply nested payload cannot overflow the host's stack.
 */
export function inspectPayload(
  value: unknown,
  limits: RpcLimits = DEFAULT_RPC_LIMITS,
): string | undefined {
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[value, 0]];
  let bytes = 0;
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    if (typeof current === 'string') bytes += current.length;
    else if (typeof current === 'object' && current !== null) {
      if (seen.has(current)) continue;
      seen.add(current);
      if (depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
      if (ArrayBuffer.isView(current)) bytes += current.byteLength;
      else if (current instanceof ArrayBuffer) bytes += current.byteLength;
      else if (current instanceof Map) {
        for (const [k, v] of current) stack.push([k, depth + 1], [v, depth + 1]);
      } else if (current instanceof Set) {
        for (const v of current) stack.push([v, depth + 1]);
      } else {
        for (const key of Reflect.ownKeys(current)) {
          if (FORBIDDEN_KEYS.has(key)) return `forbidden key "${String(key)}"`;
          bytes += typeof key === 'string' ? key.length : 8;
          stack.push([(current as Record<PropertyKey, unknown>)[key], depth + 1]);
        }
      }
    } else bytes += 8;
    if (bytes > limits.maxPayloadBytes) return `larger than ${limits.maxPayloadBytes} bytes`;
  }
  return undefined;
}

/** A message from a sandbox that passed the shape check, or why it did not. */
export type CheckedMessage =
  | { readonly ok: true; readonly message: SandboxMessage }
  | { readonly ok: false; readonly reason: string };

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Validates the shape of a message from a sandbox: a known tag, integer ids, a known
 * capability and method, arrays where arrays belong. Payloads (`args`, `value`, `error`) are
 * checked separately with {@link inspectPayload}, so one bad payload fails one call instead of
 * counting as a protocol violation. `hostMethods` admits the host-defined capabilities this
 * sandbox's plugin was given, beside the pdk's `CAPABILITY_METHODS`.
 */
export function checkSandboxMessage(
  raw: unknown,
  hostMethods?: ReadonlyMap<string, ReadonlySet<string>>,
): CheckedMessage {
  if (!isPlain(raw)) return { ok: false, reason: 'not a plain object' };
  const bad = (reason: string): CheckedMessage => ({ ok: false, reason });
  switch (raw.t) {
    case 'booted':
    case 'ready':
      return { ok: true, message: { t: raw.t } };
    case 'fatal':
      return isPlain(raw.error)
        ? { ok: true, message: raw as SandboxMessage }
        : bad('fatal without error');
    case 'pong':
      return isId(raw.id) ? { ok: true, message: raw as SandboxMessage } : bad('pong without id');
    case 'result':
      if (!isId(raw.id) || typeof raw.ok !== 'boolean') return bad('malformed result');
      if (!raw.ok && !isPlain(raw.error)) return bad('failed result without error');
      if (raw.fault !== undefined && (!raw.ok || raw.value !== undefined || !isFault(raw.fault))) {
        return bad('malformed payload fault');
      }
      return { ok: true, message: raw as SandboxMessage };
    case 'cap': {
      if (!isId(raw.id)) return bad('capability call without id');
      const { capability, method, args } = raw;
      if (typeof capability !== 'string') return bad('capability name is not a string');
      const hosted = hostMethods?.get(capability);
      if (hosted === undefined && !Object.hasOwn(CAPABILITY_METHODS, capability))
        return bad(`unknown capability "${String(capability)}"`);
      if (
        typeof method !== 'string' ||
        !(hosted?.has(method) ?? CAPABILITY_METHODS[capability]?.includes(method))
      )
        return bad(`unknown method "${capability}.${String(method)}"`);
      if (!Array.isArray(args)) return bad('capability arguments are not an array');
      if (raw.fault !== undefined && (args.length !== 0 || !isFault(raw.fault))) {
        return bad('malformed payload fault');
      }
      return { ok: true, message: raw as SandboxMessage };
    }
    default:
      return bad(`unknown message type "${String(raw.t)}"`);
  }
}

/** Longest text of a payload fault a sandbox may report (a JSON Pointer and a sentence). */
const MAX_FAULT_TEXT = 2_048;

function isBoundedText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_FAULT_TEXT;
}

/** A payload fault as a sandbox reports it: a short pointer and a short detail. */
function isFault(value: unknown): boolean {
  return isPlain(value) && isBoundedText(value.pointer) && isBoundedText(value.detail);
}
