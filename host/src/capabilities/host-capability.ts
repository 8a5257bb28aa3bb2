import {
  type CapabilityDescriptor,
  type ContextEntry,
  checkHostCapability,
  hostCapabilityLayout,
  registerHostCapability,
} from '@stack-plugin/pdk';

/**
 * What performs one method of a host capability: called with the calling plugin's name, then
 * the arguments the plugin passed (already checked against the method's `params` schemas); its
 * result is checked against the method's `result` schema before the plugin sees it.
 */
export type HostCapabilityMethod = (plugin: string, ...args: never[]) => unknown;

/** The implementation of a host capability: one function per method of its descriptor. */
export type HostCapabilityImplementation<D extends CapabilityDescriptor = CapabilityDescriptor> = {
  readonly [M in keyof D['methods']]: HostCapabilityMethod;
};

/** A capability a host offers its plugins: its descriptor and what performs it. */
export interface HostCapability<D extends CapabilityDescriptor = CapabilityDescriptor> {
  readonly descriptor: D;
  readonly implementation: HostCapabilityImplementation<D>;
}

/**
 * Pairs a host capability's descriptor (the same shape as the kit's own: pdk
 * `CapabilityDescriptor`, with a dotted name such as `acme.tickets`) with its implementation,
 * for `createHost({ capabilities: [...] })`. Returns its arguments, typed.
 *
 * @example
 * ```ts
 * import { createHost, defineHostCapability } from '@stack-plugin/host';
 * import { defineCapability } from '@stack-plugin/pdk';
 *
 * const tickets = defineCapability({
 *   name: 'acme.tickets',
 *   service: 'acme.tickets',
 *   ctx: 'host.acme.tickets',
 *   title: 'Tickets',
 *   summary: 'Open tickets in the Acme tracker.',
 *   risk: 'medium',
 *   crossesSandbox: true,
 *   docs: 'tickets',
 *   permissions: [
 *     {
 *       kind: 'acme.tickets',
 *       grammar: 'acme.tickets',
 *       target: 'none',
 *       describe: () => ({ risk: 'medium', summary: 'Open tickets in the Acme tracker.' }),
 *     },
 *   ],
 *   methods: {
 *     create: {
 *       summary: 'Opens a ticket.',
 *       permission: 'acme.tickets',
 *       params: [{ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }],
 *       result: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
 *     },
 *   },
 * });
 * const host = createHost({
 *   root: process.cwd(),
 *   capabilities: [defineHostCapability(tickets, { create: (_plugin, _input) => ({ id: 'T-1' }) })],
 * });
 * ```
 */
export function defineHostCapability<const D extends CapabilityDescriptor>(
  descriptor: D,
  implementation: HostCapabilityImplementation<D>,
): HostCapability<D> {
  return { descriptor, implementation };
}

/** A host's capabilities, checked and indexed: what the broker, executors and loader read. */
export interface HostCapabilityTable {
  readonly byName: ReadonlyMap<string, HostCapability>;
  /** Their `ctx.host[...]` layout, appended to the pdk's `CONTEXT_LAYOUT` for every plugin. */
  readonly layout: readonly ContextEntry[];
}

/**
 * Checks and indexes a host's capabilities and makes their permission kinds known to the
 * pdk's grammar. Throws on an unsound descriptor, a missing method implementation or a name
 * defined twice: these are the host developer's mistakes, found at `createHost`.
 */
export function createHostCapabilityTable(
  capabilities: readonly HostCapability[] = [],
): HostCapabilityTable {
  const byName = new Map<string, HostCapability>();
  for (const capability of capabilities) {
    const { descriptor, implementation } = capability;
    const problems = checkHostCapability(descriptor);
    if (byName.has(descriptor.name)) problems.push('it is defined twice');
    for (const method of Object.keys(descriptor.methods)) {
      if (typeof (implementation as Record<string, unknown>)[method] !== 'function')
        problems.push(`its implementation has no function "${method}"`);
    }
    if (problems.length > 0)
      throw new TypeError(`host capability "${descriptor.name}": ${problems.join('; ')}`);
    registerHostCapability(descriptor);
    byName.set(descriptor.name, capability);
  }
  return {
    byName,
    layout: Object.freeze([...byName.values()].flatMap((c) => hostCapabilityLayout(c.descriptor))),
  };
}
