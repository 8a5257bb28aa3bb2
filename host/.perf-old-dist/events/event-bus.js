import { matchTopic } from '@stack-plugin/pdk';
// Shared by every publish whose listeners are all synchronous, so frozen: no caller (a plugin
// running in-process, say) can hang a property on it that another caller would then see.
const RESOLVED = Object.freeze(Promise.resolve());
const nothing = () => { };
/**
 * A dependency-free topic bus. Exact-topic subscriptions are found with one map lookup;
 * wildcard patterns (`*` one segment, `**` any) are matched per event with pdk `matchTopic`.
 * `publish` waits for every listener and never rejects because of one: a listener that throws
 * or rejects is reported through `onListenerError` and the others still run.
 */
export class EventBus {
    // Copy-on-write arrays: subscribing replaces the array, so `publish` iterates a stable
    // snapshot without copying it per event (the trick that makes EventEmitter fast).
    #exact = new Map();
    #wildcard = [];
    #history = [];
    #historyNext = 0;
    #historyCount = 0;
    #historySize;
    #onListenerError;
    constructor(options = {}) {
        this.#historySize = options.historySize ?? 0;
        this.#onListenerError = options.onListenerError;
    }
    /** Subscribes `listener` to `pattern`; returns the function that unsubscribes it. */
    on(pattern, listener, owner) {
        const subscription = { pattern, listener, owner };
        if (pattern.includes('*')) {
            this.#wildcard = [...this.#wildcard, subscription];
            return () => {
                this.#wildcard = this.#wildcard.filter((s) => s !== subscription);
            };
        }
        this.#exact.set(pattern, [...(this.#exact.get(pattern) ?? []), subscription]);
        return () => {
            const rest = (this.#exact.get(pattern) ?? []).filter((s) => s !== subscription);
            if (rest.length === 0)
                this.#exact.delete(pattern);
            else
                this.#exact.set(pattern, rest);
        };
    }
    /**
     * Delivers `event` to every matching listener and resolves when all have finished. Not an
     * async function: when every listener is synchronous no promise is created per event.
     */
    publish(event) {
        if (this.#historySize > 0) {
            this.#history[this.#historyNext] = event;
            this.#historyNext = (this.#historyNext + 1) % this.#historySize;
            if (this.#historyCount < this.#historySize)
                this.#historyCount += 1;
        }
        // Both arrays are snapshots (copy-on-write): a listener that subscribes or unsubscribes
        // while this event is being delivered affects the next event, not this one.
        const exact = this.#exact.get(event.topic);
        const wildcard = this.#wildcard;
        let pending;
        // Indexed loops: no iterator per event on this hot path.
        if (exact !== undefined) {
            for (let i = 0; i < exact.length; i++) {
                pending = this.#call(exact[i], event, pending);
            }
        }
        for (let i = 0; i < wildcard.length; i++) {
            const subscription = wildcard[i];
            if (matchTopic(subscription.pattern, event.topic)) {
                pending = this.#call(subscription, event, pending);
            }
        }
        return pending === undefined ? RESOLVED : Promise.all(pending).then(nothing);
    }
    /** The events kept for replay, oldest first. */
    history() {
        const start = this.#historyCount < this.#historySize ? 0 : this.#historyNext;
        const out = [];
        for (let i = 0; i < this.#historyCount; i++) {
            out.push(this.#history[(start + i) % this.#historySize]);
        }
        return out;
    }
    /** Number of live subscriptions. */
    get size() {
        let n = this.#wildcard.length;
        for (const list of this.#exact.values())
            n += list.length;
        return n;
    }
    #call(subscription, event, pending) {
        try {
            const result = subscription.listener(event);
            if (result instanceof Promise) {
                const list = pending ?? [];
                list.push(result.then(undefined, (error) => this.#report(error, event, subscription)));
                return list;
            }
        }
        catch (error) {
            this.#report(error, event, subscription);
        }
        return pending;
    }
    #report(error, event, subscription) {
        try {
            this.#onListenerError?.(error, event, subscription.owner);
        }
        catch {
            // The error reporter itself failing must not break delivery to the other listeners.
        }
    }
}
//# sourceMappingURL=event-bus.js.map