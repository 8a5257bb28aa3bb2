import type { PermissionDescription } from '../capabilities/capability-descriptor.js';
import { PERMISSION_DESCRIPTORS } from '../capabilities/capability-index.js';
import { hostPermissionDescriptor } from '../capabilities/host-capabilities.js';
import { tryParsePermission } from './parse-permission.js';

export {
  PERMISSION_RISKS,
  type PermissionDescription,
  type PermissionRisk,
} from '../capabilities/capability-descriptor.js';

const describers = new Map(PERMISSION_DESCRIPTORS.map((p) => [p.kind, p.describe]));

/**
 * The risk level and a plain-language explanation of a permission, for `validate`, the
 * install prompt and generated docs. Never throws: an invalid string is described as such.
 *
 * @example
 * ```ts
 * import { describePermission } from '@stack-plugin/pdk';
 *
 * describePermission('net:*');
 * // { risk: 'high', summary: 'Connect to any host on the network or internet (any port) ...',
 * //   warning: 'may send data anywhere; list the hosts the plugin talks to instead' }
 * ```
 */
export function describePermission(raw: string): PermissionDescription {
  const parsed = tryParsePermission(raw);
  if (!parsed.ok) {
    return {
      risk: 'high',
      summary: `Not a valid permission (${parsed.detail}); it grants nothing.`,
    };
  }
  const p = parsed.permission;
  // Every parsed kind has a descriptor: the parser only knows the kinds the table declares
  // and the host capabilities registered in this process.
  const describe = (describers.get(p.kind) ??
    hostPermissionDescriptor(p.kind)?.describe) as NonNullable<ReturnType<typeof describers.get>>;
  return describe(p.target ?? '', p.port, p.args);
}
