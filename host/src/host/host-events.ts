import {
  createError,
  HOST_PLUGIN_EVENTS,
  HOST_TOPIC_PREFIX,
  type HostPluginEvent,
  type HostPluginTopic,
} from '@stack-plugin/pdk';
import type { AuditLog, CapabilityRecord } from '../broker/audit-log.js';
import type { EventBus } from '../events/event-bus.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { CallOutcome } from './plugin-metrics.js';

type WithoutHostPrefix<T> = T extends `host.${infer Rest}` ? Rest : never;

/**
 * The `host.on` names of what happens to plugins: pdk's `host.plugin.*` topics
 * (`HOST_PLUGIN_EVENTS`) without `host.`, so `plugin.refused`, `plugin.loaded`,
 * `plugin.reloaded`, `plugin.reload-failed`, `plugin.crashed`, `plugin.activated`, ...
 */
export type HostPluginEventType = WithoutHostPrefix<HostPluginTopic>;

/**
 * One call the host made to a contribution, as `host.on('metrics')` delivers it: a sample per
 * call (not a periodic snapshot; `host.plugins()` and `host.metricsText()` hold the totals),
 * after the call ended and was counted in the plugin's metrics.
 */
export interface CallSample {
  /** The plugin serving the call. */
  readonly plugin: string;
  readonly kind: ContributionKind;
  readonly id: string;
  /** Who called: `host` (or the application's `CallOptions.caller`), a plugin or a workflow id. */
  readonly caller: string;
  /**
   * `ok`, `error`, `timeout`, or `rejected`: refused before it reached the plugin because its
   * input was not plain data or did not match the schema (`code` says which).
   */
  readonly outcome: CallOutcome | 'rejected';
  /** The error code, when the outcome is not `ok`. */
  readonly code?: string;
  /** Time the plugin took (ms); 0 for a rejected call. */
  readonly durationMs: number;
  /** Payload bytes in and out, as the payload check measured them. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Host clock time the call ended. */
  readonly time: number;
}

/** What each `host.on` event type delivers. */
export interface HostEventMap extends Readonly<Record<HostPluginEventType, HostPluginEvent>> {
  /** Every audit record, once, as it is written (capability uses, policy and host records). */
  readonly audit: CapabilityRecord;
  /** Every contribution call, once, as it ends (see {@link CallSample}). */
  readonly metrics: CallSample;
}

/** The event types of `host.on`. */
export type HostEventType = keyof HostEventMap;

/** Every event type of `host.on`: the plugin events of pdk's table, `audit` and `metrics`. */
export const HOST_EVENT_TYPES: readonly HostEventType[] = Object.freeze([
  ...Object.values(HOST_PLUGIN_EVENTS).map(
    (e) => e.topic.slice(HOST_TOPIC_PREFIX.length) as HostPluginEventType,
  ),
  'audit',
  'metrics',
]);

const KNOWN: ReadonlySet<string> = new Set(HOST_EVENT_TYPES);

/**
 * The host's typed subscriptions (`host.on`), over the streams that already exist: plugin
 * events are the bus's `host.plugin.*` topics (the same stream plugins and `host.events.on`
 * get), `audit` the audit log's own subscription, `metrics` the samples the invoker hands to
 * {@link sample}.
 */
export class HostEvents {
  readonly #bus: EventBus;
  readonly #audit: AuditLog;
  readonly #calls = new Set<(sample: CallSample) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(bus: EventBus, audit: AuditLog, onListenerError: (error: unknown) => void) {
    this.#bus = bus;
    this.#audit = audit;
    this.#onListenerError = onListenerError;
  }

  /** Subscribes `listener` to `type`; returns off(). Throws `HOST_EVENT_UNKNOWN` for another type. */
  on<T extends HostEventType>(type: T, listener: (event: HostEventMap[T]) => void): () => void {
    if (!KNOWN.has(type)) {
      throw createError(hostErrors.HOST_EVENT_UNKNOWN, {
        type: String(type),
        known: [...HOST_EVENT_TYPES],
      });
    }
    if (type === 'audit') return this.#audit.subscribe(listener as (r: CapabilityRecord) => void);
    if (type === 'metrics') {
      const wrapped = listener as (sample: CallSample) => void;
      this.#calls.add(wrapped);
      return () => {
        this.#calls.delete(wrapped);
      };
    }
    return this.#bus.on(
      `${HOST_TOPIC_PREFIX}${type}`,
      (event) => (listener as (e: HostPluginEvent) => void)(event.payload as HostPluginEvent),
      'host',
    );
  }

  /** Whether anyone listens to `metrics`: the invoker builds samples only then. */
  get sampling(): boolean {
    return this.#calls.size > 0;
  }

  /** Hands one call's sample to the `metrics` listeners. */
  sample(sample: CallSample): void {
    for (const listener of this.#calls) {
      try {
        listener(sample);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
