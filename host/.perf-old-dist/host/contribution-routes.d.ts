import type { BrokerScope } from '../broker/capability-broker.js';
import type { EventBus } from '../events/event-bus.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type { Clock } from '../services/host-services.js';
import { type PluginRecord } from './_plugin-record.js';
import type { PluginGeneration } from './plugin-generation.js';
/**
 * Where calls and events go: which generation of which plugin serves each contribution, and
 * the event subscriptions of each generation. A generation registers into its own sets; only
 * a live generation is routed to, and {@link goLive} moves every route of a plugin to a new
 * generation in one synchronous step (the hot swap).
 */
export declare class ContributionRoutes {
    #private;
    /** `clock` is read per delivery: a stopped host that starts again gets fresh services. */
    constructor(bus: EventBus, clock: () => Clock);
    /** Records which plugin a generation belongs to. */
    adopt(generation: PluginGeneration, record: PluginRecord): void;
    /** The live generation serving `kind`/`id`, with its plugin. */
    route(kind: ContributionKind, id: string): {
        generation: PluginGeneration | undefined;
        record: PluginRecord | undefined;
    };
    /** Routes everything `next` registered to it and nothing to `previous`, atomically. */
    goLive(record: PluginRecord, next: PluginGeneration, previous: PluginGeneration | undefined): void;
    /** Closes a generation: no more routes, subscriptions or capability calls. */
    clear(generation: PluginGeneration): void;
    /** What the broker of one generation needs to register and subscribe. */
    scopeFor(record: PluginRecord, generation: PluginGeneration): BrokerScope;
}
//# sourceMappingURL=contribution-routes.d.ts.map