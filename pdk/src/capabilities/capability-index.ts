import { CAPABILITIES, type CapabilityName, type PermissionKind } from './capabilities.js';
import type {
  CapabilityDescriptor,
  MethodExposure,
  PermissionDescriptor,
} from './capability-descriptor.js';

/**
 * Lookups derived from {@link CAPABILITIES}, computed once. Everything that must agree with the
 * table (the sandbox wire allow-list, the plugin-side `ctx`, permission parsing) reads these.
 */

const byName = new Map<string, CapabilityDescriptor>(CAPABILITIES.map((c) => [c.name, c]));

/** The descriptor of capability `name`, or undefined. */
export function findCapability(name: string): CapabilityDescriptor | undefined {
  return byName.get(name);
}

/** Every permission kind with its descriptor, in documentation order. */
export const PERMISSION_DESCRIPTORS: ReadonlyArray<
  PermissionDescriptor & { readonly kind: PermissionKind; readonly capability: CapabilityName }
> = Object.freeze(
  CAPABILITIES.flatMap((c) =>
    (c.permissions as readonly PermissionDescriptor[]).map((p) =>
      Object.freeze({ ...p, kind: p.kind as PermissionKind, capability: c.name }),
    ),
  ),
);

/** Every permission kind, in the order they are documented. */
export const PERMISSION_KINDS: readonly PermissionKind[] = Object.freeze(
  PERMISSION_DESCRIPTORS.map((p) => p.kind),
);

/**
 * Every capability and method a plugin may call across a sandbox boundary: the wire
 * allow-list the host's RPC guard enforces.
 */
export const CAPABILITY_METHODS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(
    CAPABILITIES.filter((c) => c.crossesSandbox).map((c) => [
      c.name,
      Object.freeze(Object.keys(c.methods)),
    ]),
  ),
);

/**
 * One wire method as the plugin-side runtime wires it into `ctx`: plain data, so a sandbox
 * that may load nothing but its runtime files receives it in its `init` message.
 */
export interface ContextEntry {
  /** Path of the capability on `ctx` (`['state', 'shared']`); empty for none. */
  readonly path: readonly string[];
  readonly capability: string;
  readonly method: string;
  readonly exposure: MethodExposure;
  /** How many parameters it takes on the wire (a unit-of-work id is the last, if it takes one). */
  readonly arity: number;
  /**
   * Set when the capability's methods take their target first (an `optional-name`
   * permission): the `ctx` method binding them to a named target; '' sends the default.
   */
  readonly select?: string;
  /** For a `transaction` method: the methods ending its unit of work. */
  readonly ends?: { readonly commit: string; readonly rollback: string };
}

/** How `ctx` is built from the wire methods, derived from {@link CAPABILITIES}. */
export const CONTEXT_LAYOUT: readonly ContextEntry[] = Object.freeze(
  CAPABILITIES.flatMap((c) =>
    Object.entries(c.methods as CapabilityDescriptor['methods']).map(([method, m]) =>
      Object.freeze({
        path: Object.freeze(c.ctx === '' ? [] : c.ctx.split('.')),
        capability: c.name,
        method,
        exposure: m.exposure ?? 'call',
        arity: m.params.length,
        ...((c as CapabilityDescriptor).select === undefined
          ? {}
          : { select: (c as CapabilityDescriptor).select }),
        ...(m.ends === undefined ? {} : { ends: Object.freeze({ ...m.ends }) }),
      }),
    ),
  ),
);
