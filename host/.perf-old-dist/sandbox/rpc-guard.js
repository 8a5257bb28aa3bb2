import { CAPABILITY_METHODS } from './_protocol.js';
/** Defaults for {@link RpcLimits}. */
export const DEFAULT_RPC_LIMITS = Object.freeze({
    maxPayloadBytes: 4 * 1024 * 1024,
    maxDepth: 64,
    maxNodes: 100_000,
    callsPerSecond: 1_000,
    burst: 2_000,
    maxInFlight: 256,
});
/** Keys that can reach or replace a prototype once data meets ordinary object code. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * Checks one payload: no `__proto__`/`constructor`/`prototype` own keys at any depth, and
 * within the size, depth and node limits. Returns what is wrong, or `undefined` when it is
 * acceptable. Iterative, so a deeply nested payload cannot overflow the host's stack.
 */
export function inspectPayload(value, limits = DEFAULT_RPC_LIMITS) {
    const seen = new Set();
    const stack = [[value, 0]];
    let bytes = 0;
    let nodes = 0;
    while (stack.length > 0) {
        const [current, depth] = stack.pop();
        if (++nodes > limits.maxNodes)
            return `more than ${limits.maxNodes} values`;
        if (typeof current === 'string')
            bytes += current.length;
        else if (typeof current === 'object' && current !== null) {
            if (seen.has(current))
                continue;
            seen.add(current);
            if (depth >= limits.maxDepth)
                return `nested deeper than ${limits.maxDepth} levels`;
            if (ArrayBuffer.isView(current))
                bytes += current.byteLength;
            else if (current instanceof ArrayBuffer)
                bytes += current.byteLength;
            else if (current instanceof Map) {
                for (const [k, v] of current)
                    stack.push([k, depth + 1], [v, depth + 1]);
            }
            else if (current instanceof Set) {
                for (const v of current)
                    stack.push([v, depth + 1]);
            }
            else {
                for (const key of Reflect.ownKeys(current)) {
                    if (FORBIDDEN_KEYS.has(key))
                        return `forbidden key "${String(key)}"`;
                    bytes += typeof key === 'string' ? key.length : 8;
                    stack.push([current[key], depth + 1]);
                }
            }
        }
        else
            bytes += 8;
        if (bytes > limits.maxPayloadBytes)
            return `larger than ${limits.maxPayloadBytes} bytes`;
    }
    return undefined;
}
const isId = (v) => Number.isSafeInteger(v) && v >= 0;
const isPlain = (v) => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
/**
 * Validates the shape of a message from a sandbox: a known tag, integer ids, a known
 * capability and method, arrays where arrays belong. Payloads (`args`, `value`, `error`) are
 * checked separately with {@link inspectPayload}, so one bad payload fails one call instead of
 * counting as a protocol violation.
 */
export function checkSandboxMessage(raw) {
    if (!isPlain(raw))
        return { ok: false, reason: 'not a plain object' };
    const bad = (reason) => ({ ok: false, reason });
    switch (raw.t) {
        case 'booted':
        case 'ready':
            return { ok: true, message: { t: raw.t } };
        case 'fatal':
            return isPlain(raw.error)
                ? { ok: true, message: raw }
                : bad('fatal without error');
        case 'pong':
            return isId(raw.id) ? { ok: true, message: raw } : bad('pong without id');
        case 'result':
            if (!isId(raw.id) || typeof raw.ok !== 'boolean')
                return bad('malformed result');
            if (!raw.ok && !isPlain(raw.error))
                return bad('failed result without error');
            return { ok: true, message: raw };
        case 'cap': {
            if (!isId(raw.id))
                return bad('capability call without id');
            const { capability, method, args } = raw;
            if (typeof capability !== 'string' || !Object.hasOwn(CAPABILITY_METHODS, capability))
                return bad(`unknown capability "${String(capability)}"`);
            if (typeof method !== 'string' || !CAPABILITY_METHODS[capability]?.includes(method))
                return bad(`unknown method "${capability}.${String(method)}"`);
            if (!Array.isArray(args))
                return bad('capability arguments are not an array');
            return { ok: true, message: raw };
        }
        default:
            return bad(`unknown message type "${String(raw.t)}"`);
    }
}
/**
 * A token bucket: `take()` succeeds while tokens remain and refills at `ratePerSecond` up to
 * `capacity`. Time comes from `now` so tests can drive it.
 */
export class TokenBucket {
    #rate;
    #capacity;
    #now;
    #tokens;
    #last;
    constructor(ratePerSecond, capacity, now = performance.now.bind(performance)) {
        this.#rate = ratePerSecond;
        this.#capacity = capacity;
        this.#now = now;
        this.#tokens = capacity;
        this.#last = now();
    }
    /** Takes one token; false when the bucket is empty. */
    take() {
        const now = this.#now();
        this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
        this.#last = now;
        if (this.#tokens < 1)
            return false;
        this.#tokens -= 1;
        return true;
    }
}
//# sourceMappingURL=rpc-guard.js.map