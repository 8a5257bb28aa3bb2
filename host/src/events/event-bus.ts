import type { PluginEvent } from '@stack-plugin/pdk';
import { matchTopic } from '@stack-plugin/pdk';
import { SETTLED } from '../_internal/settled.js';

/** A subscriber of the bus. May return a promise; its failure is reported, never rethrown. */
export type EventListener = (event: PluginEvent) => unknown;

/** Options of {@link EventBus}. */
export interface EventBusOptions {
  /** Events kept for {@link EventBus.history}; 0 (the default) keeps none. */
  readonly historySize?: number;
  /**
   * Most payload bytes the history keeps (read at each publish); the oldest events go first.
   * Needs `sizeOf`. Default: no byte bound.
   */
  readonly historyBytes?: () => number;
  /** The approximate size of a payload, for `historyBytes`. */
  readonly sizeOf?: (payload: unknown) => number;
  /** Called with every listener failure; the other listeners are unaffected. */
  readonly onListenerError?: (
    error: unknown,
    event: PluginEvent,
    owner: string | undefined,
  ) => void;
}

const nothing = (): void => {};

interface Subscription {
  readonly pattern: string;
  readonly listener: EventListener;
  readonly owner: string | undefined;
}

/**
 * A dependency-free topic bus. Exact-topic subscriptions are found with one map lookup;
 * wildcard patterns (`*` one segment, `**` any) are matched per event with pdk `matchTopic`.
 * `publish` waits for every listener and never rejects because of one: a listener that throws
 * or rejects is reported through `onListenerError` and the others still run.
 */
export class EventBus {
  // Copy-on-write arrays: subscribing replaces the array, so `publish` iterates a stable
  // snapshot without copying it per event (the trick that makes EventEmitter fast).
  readonly #exact = new Map<string, readonly Subscription[]>();
  #wildcard: readonly Subscription[] = [];
  // The exact subscriptions of the topic published last, forgotten on every (un)subscribe: a
  // burst of events on one topic skips the map.
  #lastTopic: string | undefined;
  #lastExact: readonly Subscription[] | undefined;
  // A queue with a moving head: events leave from the front by count or by bytes.
  #history: Array<[PluginEvent, number]> = [];
  #historyHead = 0;
  #historyBytes = 0;
  readonly #historySize: number;
  readonly #historyByteLimit: (() => number) | undefined;
  readonly #sizeOf: (payload: unknown) => number;
  readonly #onListenerError: EventBusOptions['onListenerError'];

  constructor(options: EventBusOptions = {}) {
    this.#historySize = options.historySize ?? 0;
    this.#historyByteLimit = options.historyBytes;
    this.#sizeOf = options.sizeOf ?? (() => 0);
    this.#onListenerError = options.onListenerError;
  }

  /** Subscribes `listener` to `pattern`; returns the function that unsubscribes it. */
  on(pattern: string, listener: EventListener, owner?: string): () => void {
    const subscription: Subscription = { pattern, listener, owner };
    if (pattern.includes('*')) {
      this.#wildcard = [...this.#wildcard, subscription];
      return () => {
        this.#wildcard = this.#wildcard.filter((s) => s !== subscription);
      };
    }
    this.#exact.set(pattern, [...(this.#exact.get(pattern) ?? []), subscription]);
    this.#lastTopic = undefined;
    return () => {
      const rest = (this.#exact.get(pattern) ?? []).filter((s) => s !== subscription);
      if (rest.length === 0) this.#exact.delete(pattern);
      else this.#exact.set(pattern, rest);
      this.#lastTopic = undefined;
    };
  }

  /**
   * Delivers `event` to every matching listener and resolves when all have finished. Not an
   * async function: when every listener is synchronous no promise is created per event.
   */
  publish(event: PluginEvent): Promise<void> {
    if (this.#historySize > 0) this.#remember(event);
    // Both arrays are snapshots (copy-on-write): a listener that subscribes or unsubscribes
    // while this event is being delivered affects the next event, not this one.
    const { topic } = event;
    let exact = this.#lastExact;
    if (topic !== this.#lastTopic) {
      exact = this.#exact.get(topic);
      this.#lastTopic = topic;
      this.#lastExact = exact;
    }
    const wildcard = this.#wildcard;
    let pending: Promise<void>[] | undefined;
    // Indexed loops: no iterator per event on this hot path.
    if (exact !== undefined) {
      for (let i = 0; i < exact.length; i++) {
        pending = this.#call(exact[i] as Subscription, event, pending);
      }
    }
    for (let i = 0; i < wildcard.length; i++) {
      const subscription = wildcard[i] as Subscription;
      if (matchTopic(subscription.pattern, topic)) {
        pending = this.#call(subscription, event, pending);
      }
    }
    return pending === undefined ? SETTLED : Promise.all(pending).then(nothing);
  }

  /** The events kept for replay, oldest first. */
  history(): readonly PluginEvent[] {
    return this.#history.slice(this.#historyHead).map(([event]) => event);
  }

  #remember(event: PluginEvent): void {
    const limit = this.#historyByteLimit?.() ?? Number.POSITIVE_INFINITY;
    const size = limit === Number.POSITIVE_INFINITY ? 0 : this.#sizeOf(event.payload);
    this.#history.push([event, size]);
    this.#historyBytes += size;
    while (
      this.#history.length - this.#historyHead > this.#historySize ||
      (this.#historyBytes > limit && this.#history.length > this.#historyHead)
    ) {
      const [, dropped] = this.#history[this.#historyHead] as [PluginEvent, number];
      this.#history[this.#historyHead++] = undefined as unknown as [PluginEvent, number];
      this.#historyBytes -= dropped;
    }
    if (this.#historyHead > 1_024 && this.#historyHead * 2 > this.#history.length) {
      this.#history = this.#history.slice(this.#historyHead);
      this.#historyHead = 0;
    }
  }

  /** Number of live subscriptions. */
  get size(): number {
    let n = this.#wildcard.length;
    for (const list of this.#exact.values()) n += list.length;
    return n;
  }

  #call(
    subscription: Subscription,
    event: PluginEvent,
    pending: Promise<void>[] | undefined,
  ): Promise<void>[] | undefined {
    try {
      const result = subscription.listener(event);
      if (result instanceof Promise) {
        const list = pending ?? [];
        list.push(result.then(undefined, (error) => this.#report(error, event, subscription)));
        return list;
      }
    } catch (error) {
      this.#report(error, event, subscription);
    }
    return pending;
  }

  #report(error: unknown, event: PluginEvent, subscription: Subscription): void {
    try {
      this.#onListenerError?.(error, event, subscription.owner);
    } catch {
      // The error reporter itself failing must not break delivery to the other listeners.
    }
  }
}
