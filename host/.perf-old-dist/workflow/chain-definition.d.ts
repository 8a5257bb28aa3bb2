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
export type ChainCondition = {
    readonly validator: string;
} | {
    readonly use: string;
} | {
    readonly predicate: (input: unknown) => boolean | Promise<boolean>;
};
/**
 * Throws `CHAIN_INVALID` (naming where, e.g. `sequence[1].then`) unless `chain` is a
 * well-formed {@link ChainDefinition}. {@link runChain} checks the whole chain before running
 * any of it, so a malformed tail never leaves a half-run chain behind.
 */
export declare function assertChainDefinition(chain: unknown): asserts chain is ChainDefinition;
//# sourceMappingURL=chain-definition.d.ts.map