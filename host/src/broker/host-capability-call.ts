import type { HostCapability } from '../capabilities/host-capability.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import type { CapabilityService } from '../services/host-services.js';
import type { BrokerTools } from './_broker-tools.js';
import type { CapabilityCallHandler } from './capability-calls.js';
import { serviceCall } from './service-call.js';

/**
 * The broker's handler of a host-defined capability: a descriptor-driven call like the kit's
 * own (`serviceCall`: permission check and audit record first), whose service checks the
 * arguments against the method's `params` schemas, runs the implementation with the plugin's
 * name first, and checks its result against the method's `result` schema.
 */
export function hostCapabilityCall(
  tools: BrokerTools,
  capability: HostCapability,
  validator: SchemaValidator,
): CapabilityCallHandler {
  const { descriptor, implementation } = capability;
  const { plugin } = tools;
  const service: Record<string, CapabilityService[string]> = {};
  for (const [method, m] of Object.entries(descriptor.methods)) {
    const perform = (implementation as Record<string, (...args: unknown[]) => unknown>)[method];
    const name = `${descriptor.name}.${method}`;
    service[method] = async (caller: string, ...args: readonly unknown[]) => {
      if (args.length > m.params.length) {
        throw tools.invalid(`The arguments of ${name}`, `it takes ${m.params.length}`);
      }
      m.params.forEach((schema, index) => {
        validator.assert(schema, args[index], { what: `Argument ${index + 1} of ${name}`, plugin });
      });
      const result = await perform?.call(implementation, caller, ...args);
      validator.assert(m.result, result, { what: `The result of ${name} (from the host)`, plugin });
      return result;
    };
  }
  const call = serviceCall(tools, descriptor, () => service);
  return (method, args) => {
    if (!Object.hasOwn(descriptor.methods, method))
      throw tools.unknownCall(descriptor.name, method);
    return call(method, args);
  };
}
