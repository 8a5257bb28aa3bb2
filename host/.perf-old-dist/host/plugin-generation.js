/**
 * One loaded copy of a plugin's code and everything it registered. A reload creates a second
 * generation next to the first and switches `live` on both in one synchronous step, which is
 * what makes the swap atomic: every call and every event goes to exactly one of them.
 */
export class PluginGeneration {
    instance;
    /** Whether calls and events are routed to this generation. */
    live;
    /**
     * Set once the generation is stopped: from then on the broker refuses its capability calls,
     * so a timer or a stray promise the plugin left behind in the host process can do nothing.
     */
    closed = false;
    /** `<kind>:<id>` of every contribution this generation registered. */
    contributions = new Set();
    /** Listener id -> unsubscribe from the bus. */
    listeners = new Map();
    #inflight = 0;
    #idle = [];
    constructor(live) {
        this.live = live;
    }
    /** Counts a call in flight; returns the function that ends it. */
    begin() {
        this.#inflight += 1;
        let ended = false;
        return () => {
            if (ended)
                return;
            ended = true;
            this.#inflight -= 1;
            if (this.#inflight === 0)
                for (const resolve of this.#idle.splice(0))
                    resolve();
        };
    }
    /** Resolves when no call is in flight (calls have deadlines, so this does not wait for ever). */
    idle() {
        if (this.#inflight === 0)
            return Promise.resolve();
        return new Promise((resolve) => this.#idle.push(resolve));
    }
}
//# sourceMappingURL=plugin-generation.js.map