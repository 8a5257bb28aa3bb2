import { findNarrowedGrant, HOST_TOPIC_PREFIX, type PluginGrants } from '@stack-plugin/pdk';
import type { BrokerTools } from './_broker-tools.js';
import type { CapabilityUse } from './audit-log.js';
import { argumentSize, checkPayload } from './check-payload.js';
import { budgetExceeded, DEFAULT_PLUGIN_BUDGETS, type PluginBudgets } from './plugin-budgets.js';

/** Most topics whose route a broker keeps before starting over. */
const ROUTE_CACHE_SIZE = 1024;

/** What an allowed emit on one topic records and how large its payload may be. */
interface EmitRoute {
  /** The audit use of every emit on the topic: topic and grant redacted once. */
  readonly use: CapabilityUse;
  /**
   * Largest payload: the plugin's `eventPayloadBytes`, and what is left of the call's
   * `maxBytes` once the topic is counted.
   */
  readonly limit: number;
}

/**
 * `events.emit` of one broker, the one call a plugin makes thousands of times a second, from a
 * call object (with its `args`) and from the lane alike: one function, one outcome. Every emit
 * is checked and recorded as any call is (instance still active, payload, permission, audit
 * record), but what depends on the topic alone (its name check, the host-prefix check, the
 * grant that allows it and its redacted audit use) is worked out once per topic and kept while
 * the grants object, the redactor's secrets and the budgets in force stay the same. The topic
 * emitted last is answered without a map lookup. Returns the bus's promise as it is: not
 * async, and every failure (a refusal, a listener's schema) is a rejected promise.
 *
 * The hot path is a handful of comparisons in this one function: V8 inlines it into the call
 * chain of the plugin's `ctx.events.emit` only while it stays small, so every refusal and
 * every first emit on a topic goes through `slow`. It is one layer on purpose: with the
 * active check and the error handling in a wrapper of their own, the plugin's emit cost
 * 1.81-1.85x the issue-15 reference against 1.65-1.70x this way (machine B, 2026-12-08,
 * alternating runs).
 */
export function createEmitCall(
  tools: BrokerTools,
  maxBytes: number,
): (topic: unknown, payload: unknown, args?: readonly unknown[]) => Promise<void> {
  const { plugin, deps, record, denied, invalid, name, notActive, scope } = tools;
  const { audit, redactor, services } = deps;
  const { clock } = services;
  // Bound once, as `grants` is (BrokerTools): read through `scope` on every emit, the active
  // check alone cost 0.1x of the issue-15 reference (machine B, 2026-12-08).
  const closed = scope.closed.bind(scope);
  const grantsNow = tools.grants;
  const budgetsNow = deps.budgets ?? (() => DEFAULT_PLUGIN_BUDGETS);
  const emitArgs = { what: 'The arguments of events.emit', plugin, maxBytes };
  const routes = new Map<string, EmitRoute>();
  // What the routes were worked out under; a change of any one forgets them all.
  let grants: PluginGrants | undefined;
  let secrets = -1;
  let budgets: PluginBudgets | undefined;
  // The route of the topic emitted last (`undefined` when forgotten).
  let lastTopic: unknown;
  let lastRoute: EmitRoute | undefined;

  /** The route of an emit the hot path does not answer, or the error that refuses it. */
  function checked(args: readonly unknown[]): EmitRoute {
    const first = args[0];
    const now = grantsNow();
    const policy = budgetsNow();
    if (now !== grants || redactor.size !== secrets || policy !== budgets) {
      routes.clear();
      grants = now;
      secrets = redactor.size;
      budgets = policy;
      lastTopic = undefined;
      lastRoute = undefined;
    }
    const { eventPayloadBytes } = policy;
    // Sized one by one (a primitive payload costs a type test); only what would be refused, or
    // an unusual call, goes through the full check of the array, which says what is wrong and
    // where.
    if (
      args.length > 2 ||
      typeof first !== 'string' ||
      argumentSize(args[1], Math.min(maxBytes - first.length * 2, eventPayloadBytes)) < 0
    ) {
      checkPayload(args, emitArgs);
      if (argumentSize(args[1], eventPayloadBytes) < 0) {
        throw budgetExceeded(plugin, 'eventPayloadBytes', eventPayloadBytes, 'a larger payload');
      }
    }
    const topic = name(first, 'The event topic');
    let route = routes.get(topic);
    if (route === undefined) {
      if (topic.startsWith(HOST_TOPIC_PREFIX)) {
        record('events', 'emit', topic, false, `events:emit:${topic}`);
        throw invalid(
          'The event topic',
          `"${HOST_TOPIC_PREFIX}" topics are published by the host only`,
        );
      }
      const requested = `events:emit:${topic}`;
      const grant = findNarrowedGrant(now, requested);
      if (grant === undefined) {
        // Not kept: a refusal is the rare case, and each one is recorded afresh anyway.
        record('events', 'emit', topic, false, requested);
        throw denied(`emit "${topic}"`, requested);
      }
      route = {
        use: Object.freeze({
          plugin,
          capability: 'events',
          method: 'emit',
          target: redactor.redact(topic),
          allowed: true,
          permission: redactor.redact(grant),
        }),
        limit: Math.min(maxBytes - topic.length * 2, eventPayloadBytes),
      };
      if (routes.size >= ROUTE_CACHE_SIZE) routes.clear();
      routes.set(topic, route);
    }
    lastTopic = topic;
    lastRoute = route;
    return route;
  }

  /** Records the use and publishes; whatever a listener's schema check threw is redacted. */
  function send(route: EmitRoute, topic: string, payload: unknown): Promise<void> {
    const time = clock.now();
    audit.appendUse(route.use, time);
    try {
      return deps.emit(plugin, topic, payload, time);
    } catch (error) {
      return Promise.reject(redactor.redactError(error));
    }
  }

  /** Every emit the hot path does not answer: stopped, a new topic, a refusal, new rules. */
  function slow(topic: unknown, payload: unknown, args?: readonly unknown[]): Promise<void> {
    // Whatever still runs after deactivation (a timer, a pending promise) gets nothing done.
    if (closed()) return notActive('events', 'emit');
    let route: EmitRoute;
    try {
      route = checked(args ?? [topic, payload]);
    } catch (error) {
      return Promise.reject(redactor.redactError(error));
    }
    return send(route, topic as string, payload);
  }

  // `args`: the call's own arguments when it came as a call object (they may be more than
  // two); a lane's emit has only its topic and payload.
  return function emit(topic, payload, args) {
    const route = lastRoute;
    if (
      route !== undefined &&
      topic === lastTopic &&
      (args === undefined || args.length <= 2) &&
      !closed() &&
      grantsNow() === grants &&
      redactor.size === secrets &&
      budgetsNow() === budgets &&
      argumentSize(payload, route.limit) >= 0
    ) {
      return send(route, topic as string, payload);
    }
    return slow(topic, payload, args);
  };
}
