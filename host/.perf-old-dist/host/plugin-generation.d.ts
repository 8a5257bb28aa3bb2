import type { PluginInstance } from '../executor/plugin-executor.js';
/**
 * One loaded copy of a plugin's code and everything it registered. A reload creates a second
 * generation next to the first and switches `live` on both in one synchronous step, which is
 * what makes the swap atomic: every call and every event goes to exactly one of them.
 */
export declare class PluginGeneration {
    #private;
    instance: PluginInstance | undefined;
    /** Whether calls and events are routed to this generation. */
    live: boolean;
    /**
     * Set once the generation is stopped: from then on the broker refuses its capability calls,
     * so a timer or a stray promise the plugin left behind in the host process can do nothing.
     */
    closed: boolean;
    /** `<kind>:<id>` of every contribution this generation registered. */
    readonly contributions: Set<string>;
    /** Listener id -> unsubscribe from the bus. */
    readonly listeners: Map<string, () => void>;
    constructor(live: boolean);
    /** Counts a call in flight; returns the function that ends it. */
    begin(): () => void;
    /** Resolves when no call is in flight (calls have deadlines, so this does not wait for ever). */
    idle(): Promise<void>;
}
//# sourceMappingURL=plugin-generation.d.ts.map