import { strongestIsolation } from '@stack-plugin/pdk';
import { tightestBudgets } from '../broker/plugin-budgets.js';
import type { HostPolicy } from '../config/host-config.js';
import { mergeGovernance } from '../policy/_merge-governance.js';

/**
 * Combines the policy given to `createHost` with the one in stack.config.json: the stricter
 * value of each field wins (higher minimum isolation, lower caps), so a config file can never
 * loosen what the embedding application decided.
 */
export function mergePolicy(a: HostPolicy, b: HostPolicy | undefined): HostPolicy {
  if (b === undefined) return a;
  const min = (x?: number, y?: number) =>
    x === undefined ? y : y === undefined ? x : Math.min(x, y);
  const minIsolation =
    a.minIsolation === undefined && b.minIsolation === undefined
      ? undefined
      : strongestIsolation(a.minIsolation, b.minIsolation);
  const maxTimeoutMs = min(a.maxTimeoutMs, b.maxTimeoutMs);
  const maxMemoryMb = min(a.maxMemoryMb, b.maxMemoryMb);
  const budgets = tightestBudgets(a.budgets, b.budgets);
  return {
    ...b,
    ...a,
    ...(minIsolation === undefined ? {} : { minIsolation }),
    ...(maxTimeoutMs === undefined ? {} : { maxTimeoutMs }),
    ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }),
    ...(budgets === undefined ? {} : { budgets }),
    ...mergeGovernance(a, b),
  };
}
