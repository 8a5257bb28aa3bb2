import { CAPABILITIES, type CapabilityDescriptor, type CapabilityName } from '@stack-plugin/pdk';
import type { EmitLane } from '../_internal/emit-lane.js';
import type { CapabilityCall, CapabilityHandler } from '../executor/plugin-executor.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { createBrokerTools } from './_broker-tools.js';
import { createEmitCall } from './_emit-call.js';
import type { BrokerDeps, BrokerScope } from './broker-scope.js';
import {
  type CapabilityCallHandler,
  commandsCall,
  contributionsCall,
  envCall,
  eventsCall,
  execCall,
  logCall,
  secretsCall,
  stateCall,
} from './capability-calls.js';
import { checkPayload, DEFAULT_MAX_PAYLOAD_BYTES } from './check-payload.js';
import { fsCall } from './fs-calls.js';
import { hostCapabilityCall } from './host-capability-call.js';
import { metricsCall } from './metrics-calls.js';
import { createNetCall } from './net-calls.js';
import { serviceCall } from './service-call.js';

export type { BrokerDeps, BrokerScope } from './broker-scope.js';

/** The wire methods of every capability, from the pdk's capability table. */
const METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  CAPABILITIES.map((c) => [c.name, new Set(Object.keys(c.methods))]),
);

/**
 * The host's capability handler of one plugin instance, with `emit`: the same `events.emit`
 * call without a call object (see `withEmitLane`), the one function that answers it both ways.
 */
export type CapabilityBroker = CapabilityHandler & { readonly emit: EmitLane };

/**
 * Builds the capability handler for one plugin instance: every `ctx` call is checked against
 * the plugin's granted permissions (pdk `findGrant`), recorded in the audit log, and only then
 * carried out by a host service. The same handler serves every isolation level, so a plugin
 * gets identical answers in-process, in a worker or in a child process. Which capabilities and
 * methods exist comes from the pdk's capability table; each capability has one handler here.
 */
export function createCapabilityBroker(deps: BrokerDeps, scope: BrokerScope): CapabilityBroker {
  const { redactor } = deps;
  const tools = createBrokerTools(deps, scope);
  const { plugin, invalid } = tools;
  const maxBytes = deps.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const emit = createEmitCall(tools, maxBytes);

  // The capabilities whose rules need code of their own; any other capability of the table is
  // served by `serviceCall` from its descriptor alone.
  // A handler written for one method is bound to it: a method added to a descriptor later must
  // not fall into another method's code (the coverage test then sees the method unserved).
  const only =
    (capability: CapabilityName, method: string, handler: CapabilityCallHandler) =>
    (asked: string, args: readonly unknown[]) => {
      if (asked !== method) throw tools.unknownCall(capability, asked);
      return handler(asked, args);
    };
  const handlers: Partial<Record<CapabilityName, CapabilityCallHandler>> = {
    fs: (method, args) => fsCall(tools, method, args),
    net: only('net', 'fetch', createNetCall(tools)),
    env: only('env', 'get', envCall(tools)),
    secrets: only('secrets', 'get', secretsCall(tools)),
    exec: only('exec', 'run', execCall(tools)),
    events: eventsCall(tools),
    state: stateCall(tools, false),
    sharedState: stateCall(tools, true),
    commands: only('commands', 'execute', commandsCall(tools)),
    contributions: contributionsCall(tools),
    log: only('log', 'write', logCall(tools)),
    metrics: metricsCall(tools),
  };
  const table = new Map<string, CapabilityCallHandler>(
    (CAPABILITIES as readonly CapabilityDescriptor[]).map((d) => [
      d.name,
      handlers[d.name as CapabilityName] ?? serviceCall(tools, d),
    ]),
  );
  // Host-defined capabilities (dotted names, never the kit's) check their own methods.
  const hosted = deps.hostCapabilities;
  for (const [name, capability] of hosted?.table.byName ?? []) {
    table.set(name, hostCapabilityCall(tools, capability, hosted?.validator as SchemaValidator));
  }

  // Not async: the handler below wraps the result in a promise only when it is not one
  // already, so the hot event path creates no promise of its own.
  function dispatch(call: CapabilityCall): unknown {
    const { capability, method, args } = call;
    if (!Array.isArray(args)) throw invalid('A capability call', 'its args must be an array');
    checkPayload(args, {
      what: () => `The arguments of ${capability}.${method}`,
      plugin,
      maxBytes,
    });
    const handler = table.get(capability);
    const methods = METHODS.get(capability);
    if (handler === undefined || (methods !== undefined && !methods.has(method))) {
      throw tools.unknownCall(capability, method);
    }
    return handler(method, args);
  }

  // Whatever a service threw may quote a secret (a URL with a token, a file's content).
  const redacted = (error: unknown): never => {
    throw redactor.redactError(error);
  };

  const { notActive } = tools;
  const handler = (call: CapabilityCall): Promise<unknown> => {
    const { args } = call;
    if (call.capability === 'events' && call.method === 'emit' && Array.isArray(args)) {
      return emit(args[0], args[1], args);
    }
    if (scope.closed()) return notActive(call.capability, call.method);
    try {
      const result = dispatch(call);
      return result instanceof Promise ? result.then(undefined, redacted) : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(redactor.redactError(error));
    }
  };
  return Object.assign(handler, { emit });
}
