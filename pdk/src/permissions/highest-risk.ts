import { PERMISSION_RISKS, type PermissionRisk } from '../capabilities/capability-descriptor.js';
import { describePermission } from './describe-permission.js';

/** The highest risk among a plugin's permissions, and the permissions that carry it. */
export interface HighestRisk {
  /** `low` for a plugin that asks for nothing. */
  readonly risk: PermissionRisk;
  /** The permissions rated {@link HighestRisk.risk}, in the order given (empty for none). */
  readonly permissions: readonly string[];
}

/**
 * Rates a list of permissions (a manifest's `permissions`) by the riskiest of them, each rated
 * by {@link describePermission}, the capability descriptors' own rating. An invalid string
 * rates `high`, as `describePermission` rates it.
 *
 * @example
 * ```ts
 * import { highestRisk } from '@stack-plugin/pdk';
 *
 * highestRisk(['state', 'exec:bash']); // { risk: 'critical', permissions: ['exec:bash'] }
 * ```
 */
export function highestRisk(permissions: readonly string[]): HighestRisk {
  let rank = 0;
  let at: string[] = [];
  for (const permission of permissions) {
    const r = riskRank(describePermission(permission).risk);
    if (r > rank) {
      rank = r;
      at = [permission];
    } else if (r === rank) at.push(permission);
  }
  return { risk: PERMISSION_RISKS[rank] ?? 'critical', permissions: at };
}

/**
 * How harmful `risk` is: its index in {@link PERMISSION_RISKS}. Anything else counts as
 * `critical`, so a misspelt level fails safe.
 */
export function riskRank(risk: string): number {
  const rank = (PERMISSION_RISKS as readonly string[]).indexOf(risk);
  return rank === -1 ? PERMISSION_RISKS.length - 1 : rank;
}
