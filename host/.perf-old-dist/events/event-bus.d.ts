import type { PluginEvent } from '@stack-plugin/pdk';
/** A subscriber of the bus. May return a promise; its failure is reported, never rethrown. */
export type EventListener = (event: PluginEvent) => unknown;
/** Options of {@link EventBus}. */
export interface EventBusOptions {
    /** Events kept for {@link EventBus.history}; 0 (the default) keeps none. */
    readonly historySize?: number;
    /** Called with every listener failure; the other listeners are unaffected. */
    readonly onListenerError?: (error: unknown, event: PluginEvent, owner: string | undefined) => void;
}
/**
 * A dependency-free topic bus. Exact-topic subscriptions are found with one map lookup;
 * wildcard patterns (`*` one segment, `**` any) are matched per event with pdk `matchTopic`.
 * `publish` waits for every listener and never rejects because of one: a listener that throws
 * or rejects is reported through `onListenerError` and the others still run.
 */
export declare class EventBus {
    #private;
    constructor(options?: EventBusOptions);
    /** Subscribes `listener` to `pattern`; returns the function that unsubscribes it. */
    on(pattern: string, listener: EventListener, owner?: string): () => void;
    /**
     * Delivers `event` to every matching listener and resolves when all have finished. Not an
     * async function: when every listener is synchronous no promise is created per event.
     */
    publish(event: PluginEvent): Promise<void>;
    /** The events kept for replay, oldest first. */
    history(): readonly PluginEvent[];
    /** Number of live subscriptions. */
    get size(): number;
}
//# sourceMappingURL=event-bus.d.ts.map