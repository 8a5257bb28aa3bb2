/** Default largest payload, in approximate bytes. */
export declare const DEFAULT_MAX_PAYLOAD_BYTES: number;
/**
 * Checks that a value may cross the broker: structured-clonable data only (primitives, plain
 * objects, arrays, dates, typed arrays), no key that could pollute a prototype, at most
 * {@link MAX_DEPTH} deep (so no cycles) and about `maxBytes` large. Throws `VALIDATION_FAILED`
 * naming `what` (a function is called only then, so hot paths build no message) and where the
 * problem is (a JSON Pointer).
 */
export declare function checkPayload(value: unknown, options: {
    what: string | (() => string);
    maxBytes?: number;
    plugin?: string;
}): void;
/**
 * The approximate size in bytes of a value as one element of an argument array (so nested
 * one level deep), or -1 when {@link checkPayload} would refuse that array within `maxBytes`
 * because of it. Throws nothing and allocates nothing: for hot paths that call
 * {@link checkPayload} only to report a refusal.
 */
export declare function argumentSize(value: unknown, maxBytes: number): number;
//# sourceMappingURL=check-payload.d.ts.map