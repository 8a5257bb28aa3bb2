import type { CapabilityDescriptor } from '@stack-plugin/pdk';
import type { CapabilityService } from '../services/host-services.js';
import type { BrokerTools } from './_broker-tools.js';
import type { CapabilityCallHandler } from './capability-calls.js';

/**
 * The broker's handler of a capability that needs nothing but its descriptor: the method's
 * permission is checked (its target is the first argument, unless the kind has none) and
 * recorded (for an `optional-name` kind, '' asks for the default target, which the bare kind
 * grants), then the capability's service in `services.capabilities` performs the call with
 * the plugin's name first. A new capability whose rules are just that needs no broker code.
 * `resolve` finds the service (a host-defined capability's implementation, for one).
 */
export function serviceCall(
  tools: BrokerTools,
  d: CapabilityDescriptor,
  resolve: () => CapabilityService | undefined = () =>
    tools.deps.services.capabilities?.[d.service],
): CapabilityCallHandler {
  const syntax = new Map(d.permissions.map((p) => [p.kind, p.target]));
  return (method, args) => {
    const service: CapabilityService | undefined = resolve();
    const op = service?.[method];
    if (service === undefined || typeof op !== 'function') {
      throw tools.invalid(
        `The capability call ${d.name}.${method}`,
        `this host provides no "${d.service}" service that performs it`,
      );
    }
    const kind = d.methods[method]?.permission;
    if (kind === undefined) {
      tools.record(d.name, method, '', true);
    } else if (syntax.get(kind) === 'none') {
      tools.check(d.name, method, '', kind, `use ${d.title.toLowerCase()}`);
    } else if (syntax.get(kind) === 'optional-name') {
      // '' is the default target, which the bare kind grants.
      const target = args[0];
      if (typeof target !== 'string')
        throw tools.invalid(`The target of ${d.name}.${method}`, 'it must be a string');
      const title = d.title.toLowerCase();
      tools.check(
        d.name,
        method,
        target,
        target === '' ? kind : `${kind}:${target}`,
        target === '' ? `use its ${title}` : `use the ${title} "${target}"`,
      );
    } else {
      const target = tools.name(args[0], `The target of ${d.name}.${method}`);
      tools.check(
        d.name,
        method,
        target,
        `${kind}:${target}`,
        `use ${d.title.toLowerCase()} "${target}"`,
      );
    }
    return op.call(service, tools.plugin, ...args);
  };
}
