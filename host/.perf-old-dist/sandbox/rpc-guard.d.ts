import { type SandboxMessage } from './_protocol.js';
/**
 * Limits on what a sandboxed plugin may send the host. Everything a sandbox sends is checked
 * against them before the host acts on it.
 */
export interface RpcLimits {
    /** Largest payload, estimated as string lengths plus binary byte lengths. Default 4 MiB. */
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
}
/** Defaults for {@link RpcLimits}. */
export declare const DEFAULT_RPC_LIMITS: RpcLimits;
/**
 * Checks one payload: no `__proto__`/`constructor`/`prototype` own keys at any depth, and
 * within the size, depth and node limits. Returns what is wrong, or `undefined` when it is
 * acceptable. Iterative, so a deeply nested payload cannot overflow the host's stack.
 */
export declare function inspectPayload(value: unknown, limits?: RpcLimits): string | undefined;
/** A message from a sandbox that passed the shape check, or why it did not. */
export type CheckedMessage = {
    readonly ok: true;
    readonly message: SandboxMessage;
} | {
    readonly ok: false;
    readonly reason: string;
};
/**
 * Validates the shape of a message from a sandbox: a known tag, integer ids, a known
 * capability and method, arrays where arrays belong. Payloads (`args`, `value`, `error`) are
 * checked separately with {@link inspectPayload}, so one bad payload fails one call instead of
 * counting as a protocol violation.
 */
export declare function checkSandboxMessage(raw: unknown): CheckedMessage;
/**
 * A token bucket: `take()` succeeds while tokens remain and refills at `ratePerSecond` up to
 * `capacity`. Time comes from `now` so tests can drive it.
 */
export declare class TokenBucket {
    #private;
    constructor(ratePerSecond: number, capacity: number, now?: () => number);
    /** Takes one token; false when the bucket is empty. */
    take(): boolean;
}
//# sourceMappingURL=rpc-guard.d.ts.map