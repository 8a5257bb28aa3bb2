import { type ChainDefinition } from './chain-definition.js';
import { type EngineInvoke } from './contribution-ref.js';
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
export declare function runChain(chain: ChainDefinition, input: unknown, options: RunChainOptions): Promise<unknown>;
//# sourceMappingURL=run-chain.d.ts.map