import { CONTRIBUTION_NOUNS, createError, matchTopic, type PluginEvent } from '@stack-plugin/pdk';
import { withTimeout } from '../_internal/with-timeout.js';
import type { BrokerScope } from '../broker/capability-broker.js';
import type { EventBus } from '../events/event-bus.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { Clock } from '../services/host-services.js';
import { declaredContribution, type PluginView } from './_plugin-view.js';
import { wrapPluginError } from './_prepare-plugin.js';
import type { PluginGeneration } from './plugin-generation.js';
import type { CallOutcome } from './plugin-metrics.js';

/**
 * Where calls to one contribution go while a generation serves it: the generation, its plugin,
 * and what the plugin's manifest declares for the contribution (found once, not per call).
 */
export class Route {
  readonly kind: ContributionKind;
  readonly id: string;
  readonly generation: PluginGeneration;
  readonly record: PluginView;
  #from: PluginView['prepared'] | undefined;
  #declared: ReturnType<typeof declaredContribution>;

  constructor(
    kind: ContributionKind,
    id: string,
    generation: PluginGeneration,
    record: PluginView,
  ) {
    this.kind = kind;
    this.id = id;
    this.generation = generation;
    this.record = record;
  }

  /** The manifest's declaration of the contribution, as the plugin is prepared now. */
  get declared(): ReturnType<typeof declaredContribution> {
    const prepared = this.record.prepared;
    if (prepared !== this.#from) {
      this.#from = prepared;
      this.#declared = declaredContribution(prepared.pkg.manifest, this.kind, this.id);
    }
    return this.#declared;
  }
}

/**
 * Where calls and events go: which generation of which plugin serves each contribution, and
 * the event subscriptions of each generation. A generation registers into its own sets; only
 * a live generation is routed to, and {@link goLive} moves every route of a plugin to a new
 * generation in one synchronous step (the hot swap).
 */
export class ContributionRoutes {
  readonly #bus: EventBus;
  readonly #clock: () => Clock;
  /**
   * The live generation serving each contribution, by kind and then id: a call looks its
   * route up without building a key string (and hashing it) per call.
   */
  readonly #owners = new Map<ContributionKind, Map<string, Route>>();
  /** The route {@link route} found last; forgotten whenever a route changes. */
  #last: Route | undefined;
  readonly #recordOf = new WeakMap<PluginGeneration, PluginView>();
  /** Generations that went live and are not cleared yet. */
  readonly #serving = new Set<PluginGeneration>();

  /** `clock` is read per delivery: a stopped host that starts again gets fresh services. */
  constructor(bus: EventBus, clock: () => Clock) {
    this.#bus = bus;
    this.#clock = clock;
  }

  /** Routes the contribution `key` (`kind:id`, as a generation lists it) to `generation`. */
  #own(key: string, generation: PluginGeneration): void {
    const record = this.#recordOf.get(generation);
    // Adopted before it registers anything (start, crash recovery): never without a record.
    if (record === undefined) return;
    const [kind, id] = splitKey(key);
    let byId = this.#owners.get(kind);
    if (byId === undefined) {
      byId = new Map();
      this.#owners.set(kind, byId);
    }
    byId.set(id, new Route(kind, id, generation, record));
    this.#last = undefined;
  }

  /** Drops the route of `key` if `generation` is what it leads to. */
  #disown(key: string, generation: PluginGeneration): void {
    const [kind, id] = splitKey(key);
    const byId = this.#owners.get(kind);
    if (byId?.get(id)?.generation === generation) byId.delete(id);
    this.#last = undefined;
  }

  /** Records which plugin a generation belongs to. */
  adopt(generation: PluginGeneration, record: PluginView): void {
    this.#recordOf.set(generation, record);
  }

  /**
   * The route of `kind`/`id` to the live generation serving it, if one does. The route asked
   * for last is answered without a lookup (an application calls one command again and again),
   * until any route changes.
   */
  route(kind: ContributionKind, id: string): Route | undefined {
    const last = this.#last;
    if (last !== undefined && last.id === id && last.kind === kind) return last;
    const route = this.#owners.get(kind)?.get(id);
    this.#last = route;
    return route;
  }

  /**
   * Delivers `event` to the listeners of `plugin`'s live generation that match its topic:
   * for the event that activated a lazy plugin, published before the plugin could subscribe.
   */
  deliverLate(plugin: string, event: PluginEvent): Promise<unknown> {
    const pending: unknown[] = [];
    for (const generation of this.#serving) {
      if (!generation.live || this.#recordOf.get(generation)?.prepared.pkg.name !== plugin)
        continue;
      for (const { pattern, listener } of generation.subscriptions.values()) {
        if (matchTopic(pattern, event.topic)) pending.push(listener(event));
      }
    }
    return Promise.all(pending);
  }

  /** Routes everything `next` registered to it and nothing to `previous`, atomically. */
  goLive(next: PluginGeneration, previous: PluginGeneration | undefined): void {
    if (previous !== undefined) this.withdraw(previous);
    next.live = true;
    this.#serving.add(next);
    for (const key of next.contributions) this.#own(key, next);
  }

  /**
   * Routes nothing more to `generation`, in one synchronous step, but leaves it open (its
   * `deactivate` may still use capabilities) until {@link clear}: the next call misses and
   * starts the plugin again.
   */
  withdraw(generation: PluginGeneration): void {
    generation.live = false;
    for (const key of generation.contributions) this.#disown(key, generation);
    this.#serving.delete(generation);
  }

  /** Closes a generation: no more routes, subscriptions or capability calls. */
  clear(generation: PluginGeneration): void {
    generation.live = false;
    generation.closed = true;
    for (const key of generation.contributions) this.#disown(key, generation);
    generation.contributions.clear();
    this.#serving.delete(generation);
    for (const off of generation.listeners.values()) off();
    generation.listeners.clear();
    generation.subscriptions.clear();
  }

  /** What the broker of one generation needs to register and subscribe. */
  scopeFor(record: PluginView, generation: PluginGeneration): BrokerScope {
    const { pkg, limits } = record.prepared;
    const plugin = pkg.name;
    return {
      plugin,
      closed: () => generation.closed,
      get permissions() {
        return record.grants.granted;
      },
      grants: () => record.grants,
      timeoutMs: limits.timeoutMs,
      registerContribution: (kind, id) => {
        if (declaredContribution(record.prepared.pkg.manifest, kind, id) === undefined) {
          throw createError(hostErrors.CONTRIBUTION_NOT_DECLARED, { plugin, kind, id }, { plugin });
        }
        const key = `${kind}:${id}`;
        const ownerRecord = this.#owners.get(kind)?.get(id)?.record;
        if (ownerRecord !== undefined && ownerRecord !== record) {
          throw createError(
            hostErrors.CONTRIBUTION_CONFLICT,
            { plugin, kind: CONTRIBUTION_NOUNS[kind], id, owner: ownerRecord.prepared.pkg.name },
            { plugin },
          );
        }
        generation.contributions.add(key);
        if (generation.live) this.#own(key, generation);
      },
      unregisterContribution: (kind, id) => {
        const key = `${kind}:${id}`;
        generation.contributions.delete(key);
        this.#disown(key, generation);
      },
      subscribe: (pattern, listenerId) => {
        // Gated on `live`: during a hot swap both generations are subscribed, and each event
        // reaches exactly the one that is live when it is published.
        const listener = (event: PluginEvent) =>
          generation.live
            ? deliver(record, generation, listenerId, event, this.#clock())
            : undefined;
        const off = this.#bus.on(pattern, listener, plugin);
        generation.listeners.get(listenerId)?.();
        generation.listeners.set(listenerId, off);
        generation.subscriptions.set(listenerId, { pattern, listener });
      },
      unsubscribe: (listenerId) => {
        generation.listeners.get(listenerId)?.();
        generation.listeners.delete(listenerId);
        generation.subscriptions.delete(listenerId);
      },
    };
  }
}

/** Delivers one event to a plugin listener under the plugin's deadline, counting it in its metrics. */
async function deliver(
  record: PluginView,
  generation: PluginGeneration,
  listenerId: string,
  event: PluginEvent,
  clock: Clock,
): Promise<void> {
  const instance = generation.instance;
  if (instance === undefined) return;
  const plugin = record.prepared.pkg.name;
  const { timeoutMs } = record.prepared.limits;
  const phase = `its "${event.topic}" listener`;
  generation.begin();
  const started = performance.now();
  let outcome: CallOutcome = 'ok';
  try {
    await withTimeout(() => instance.deliver(listenerId, event), {
      timeoutMs,
      clock,
      onTimeout: () =>
        createError(hostErrors.PLUGIN_TIMEOUT, { plugin, phase, timeoutMs }, { plugin }),
    });
  } catch (error) {
    const wrapped = wrapPluginError(error, plugin, phase, 'PLUGIN_CALL_FAILED');
    outcome = wrapped.code === 'PLUGIN_TIMEOUT' ? 'timeout' : 'error';
    throw wrapped;
  } finally {
    generation.end();
    record.metrics.call(performance.now() - started, outcome);
  }
}

/** A generation's contribution key, `kind:id`, as its kind and id (a kind has no colon). */
function splitKey(key: string): [ContributionKind, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon) as ContributionKind, key.slice(colon + 1)];
}
