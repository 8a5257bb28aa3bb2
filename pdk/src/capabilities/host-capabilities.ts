import type { CapabilityDescriptor, PermissionDescriptor } from './capability-descriptor.js';
import type { ContextEntry } from './capability-index.js';

/**
 * Capabilities a host defines for its plugins (issue 21), described like the kit's own
 * (`CapabilityDescriptor`): the name is dotted (`acme.tickets`), so it can never be one of the
 * kit's, and every permission kind is the name or starts with it (`acme.tickets`,
 * `acme.tickets:write`). A plugin reaches one as `ctx.host['acme.tickets'].<method>(...)`.
 */

/** A host capability's name: lower-case words joined by dots, at least two. */
export const HOST_CAPABILITY_NAME = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;

/** Where host capabilities sit on `ctx`: `ctx.host['acme.tickets']`. */
export const HOST_CAPABILITY_CTX = 'host';

/**
 * The methods of host capabilities as a plugin sees them, keyed by capability name; empty
 * until `stack-plugin typegen` (or a host's published types) augments it:
 *
 * ```ts
 * declare module '@stack-plugin/pdk' {
 *   interface HostCapabilityTypes {
 *     'acme.tickets': { create(input: { title: string }): Promise<{ id: string }> };
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by generated declarations.
export interface HostCapabilityTypes {}

/** The untyped methods of a host capability: each resolves with what the host returns. */
export type HostCapabilityClient = Readonly<
  // biome-ignore lint/suspicious/noExplicitAny: arguments are checked by the host against the descriptor's schemas.
  Record<string, (...args: any[]) => Promise<unknown>>
>;

/** `ctx.host`: the typed capabilities of {@link HostCapabilityTypes}, any other by name. */
export type HostCapabilities = Readonly<HostCapabilityTypes> & {
  readonly [name: string]: HostCapabilityClient | undefined;
};

const registered = new Map<string, PermissionDescriptor & { readonly capability: string }>();

/**
 * Problems of a host capability descriptor, one sentence each (empty when it is sound): a
 * dotted name, permission kinds named after it, `call` methods with a schema per parameter.
 */
export function checkHostCapability(descriptor: CapabilityDescriptor): string[] {
  const problems: string[] = [];
  const { name } = descriptor;
  if (typeof name !== 'string' || !HOST_CAPABILITY_NAME.test(name)) {
    problems.push(
      `its name "${String(name)}" must be lower-case words joined by dots ("acme.tickets")`,
    );
  }
  for (const p of descriptor.permissions ?? []) {
    if (p.kind !== name && !p.kind.startsWith(`${name}:`))
      problems.push(`its permission kind "${p.kind}" must be "${name}" or start with "${name}:"`);
    const known = registered.get(p.kind);
    if (known !== undefined && known.target !== p.target)
      problems.push(
        `its permission kind "${p.kind}" is already defined with target syntax "${known.target}"`,
      );
  }
  const kinds = new Set((descriptor.permissions ?? []).map((p) => p.kind));
  for (const [method, m] of Object.entries(descriptor.methods ?? {})) {
    if ((m.exposure ?? 'call') !== 'call')
      problems.push(`its method "${method}" must be exposed as "call"`);
    if (m.permission !== undefined && !kinds.has(m.permission))
      problems.push(`its method "${method}" needs "${m.permission}", which it does not define`);
    if (!Array.isArray(m.params)) problems.push(`its method "${method}" has no "params" list`);
  }
  return problems;
}

/**
 * Makes a host capability's permission kinds known to the pdk's permission grammar
 * (`parsePermission`, `findGrant`, `describePermission`) in this process. Kinds are dotted,
 * so they never shadow the kit's; registering the same kind again with the same target
 * syntax is a no-op (several hosts in one process may define the same capability).
 *
 * @throws Error naming the problems of {@link checkHostCapability}.
 */
export function registerHostCapability(descriptor: CapabilityDescriptor): void {
  const problems = checkHostCapability(descriptor);
  if (problems.length > 0)
    throw new Error(`host capability "${descriptor.name}": ${problems.join('; ')}`);
  for (const p of descriptor.permissions)
    registered.set(p.kind, Object.freeze({ ...p, capability: descriptor.name }));
}

/** The registered host permission kind `text` starts with (`acme.tickets:write:x`), if any. */
export function findHostPermissionKind(
  text: string,
): (PermissionDescriptor & { readonly capability: string }) | undefined {
  let best: (PermissionDescriptor & { readonly capability: string }) | undefined;
  for (const [kind, p] of registered) {
    if ((text === kind || text.startsWith(`${kind}:`)) && kind.length > (best?.kind.length ?? 0))
      best = p;
  }
  return best;
}

/** The descriptor of a registered host permission kind. */
export function hostPermissionDescriptor(
  kind: string,
): (PermissionDescriptor & { readonly capability: string }) | undefined {
  return registered.get(kind);
}

/** Whether a permission string names a host capability (its kind is dotted). */
export function isHostPermission(raw: string): boolean {
  const kind = raw.trim().toLowerCase().split(':')[0] ?? '';
  return HOST_CAPABILITY_NAME.test(kind);
}

/** The `ctx` layout of a host capability: its methods under `ctx.host['<name>']`. */
export function hostCapabilityLayout(descriptor: CapabilityDescriptor): ContextEntry[] {
  return Object.entries(descriptor.methods).map(([method, m]) =>
    Object.freeze({
      path: Object.freeze([HOST_CAPABILITY_CTX, descriptor.name]),
      capability: descriptor.name,
      method,
      exposure: 'call' as const,
      arity: m.params.length,
    }),
  );
}
