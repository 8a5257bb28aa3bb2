import { argumentSize, checkPayload, payloadSize } from '../broker/check-payload.js';
import { type PluginBudgets, resolveBudgets } from '../broker/plugin-budgets.js';
import { DeclaredEventSchemas } from '../events/declared-event-schemas.js';
import { EventBus } from '../events/event-bus.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import type { HostContext } from './_host-context.js';
import { errorText, type HostLog } from './_host-log.js';
import type { Host } from './host-types.js';
import type { PluginRegistry } from './plugin-registry.js';

/** What {@link createEventPublishing} needs from the host. */
export interface EventPublishingDeps {
  readonly context: HostContext;
  /** `eventHistory` of createHost. */
  readonly eventHistory: number | undefined;
  readonly registry: PluginRegistry;
  readonly validator: SchemaValidator;
  readonly log: HostLog;
}

/**
 * Publishes an event from `source`, stamped `time` or else the host clock's time now; throws
 * when the payload is refused.
 */
export type Publish = (
  source: string,
  topic: string,
  payload: unknown,
  time?: number,
) => Promise<void>;

/** The host's event bus, the one way events are published on it, and `host.events`. */
export interface EventPublishing {
  /** The budgets of the host policy in force. */
  readonly budgets: () => PluginBudgets;
  readonly bus: EventBus;
  /** The payload schemas that plugins declare for their events. */
  readonly eventSchemas: DeclaredEventSchemas;
  readonly publish: Publish;
  readonly events: Host['events'];
}

/** The event bus, with payloads checked against the declared schemas before they are published. */
export function createEventPublishing(deps: EventPublishingDeps): EventPublishing {
  const { context, registry, validator, log } = deps;
  const { services } = context;
  // Read on every event a plugin emits: resolved once per policy (a reload may replace it),
  // not spread into a new object per call.
  let resolved: { from: unknown; budgets: ReturnType<typeof resolveBudgets> } | undefined;
  const budgets = () => {
    const from = context.policy.budgets;
    if (resolved === undefined || resolved.from !== from) {
      resolved = { from, budgets: resolveBudgets(from) };
    }
    return resolved.budgets;
  };
  const bus = new EventBus({
    // Replay is opt-in: a history holds payloads the host would otherwise let go.
    historySize: deps.eventHistory ?? 0,
    historyBytes: () => budgets().eventHistoryBytes,
    sizeOf: (payload) => Math.max(0, argumentSize(payload, Number.POSITIVE_INFINITY)),
    onListenerError: (error, event, owner) =>
      log('warn', `listener failed for "${event.topic}": ${errorText(error)}`, owner),
  });
  const eventSchemas = new DeclaredEventSchemas(() => registry.all(), validator);
  const publish = (source: string, topic: string, payload: unknown, time?: number) => {
    // A plugin's payload was already checked by its broker, as part of the call's arguments.
    // The check's options (and their message) are built only for a payload it refuses.
    if (source === 'host' && payloadSize(payload) < 0) {
      checkPayload(payload, { what: `The payload of "${topic}"` });
    }
    eventSchemas.check(source, topic, payload);
    return bus.publish({ topic, payload, source, time: time ?? services.clock.now() });
  };
  const events: Host['events'] = {
    // A refused payload rejects the promise, like every other failure of emit.
    // Not async, so that an event whose listeners were all synchronous returns the shared
    // settled promise instead of a new one.
    emit: (topic, payload) => {
      try {
        return publish('host', topic, payload);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    on: (pattern, listener) => bus.on(pattern, listener, 'host'),
    history: () => bus.history(),
  };
  return { budgets, bus, eventSchemas, publish, events };
}
