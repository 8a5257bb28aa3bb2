import {
  describePermission,
  type Manifest,
  type PermissionRisk,
  riskRank,
} from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import { printable } from '../_printable.js';

/** One permission with its risk and plain-language text (the pdk's `describePermission`). */
export interface DescribedPermission {
  readonly permission: string;
  readonly risk: PermissionRisk;
  readonly summary: string;
}

/** Each permission with what the capability table says about it. */
export function describePermissions(permissions: readonly string[]): DescribedPermission[] {
  return permissions.map((permission) => ({ permission, ...describePermission(permission) }));
}

/** Contribution kind -> ids (events: topics), as the manifest declares them. */
export function contributionIds(manifest: Manifest): Record<string, string[]> {
  const contributes = (manifest.contributes ?? {}) as Record<string, unknown>;
  const ids: Record<string, string[]> = {};
  for (const [kind, entries] of Object.entries(contributes)) {
    if (!Array.isArray(entries) || entries.length === 0) continue;
    ids[kind] = entries.map((e) => String((e as { id?: unknown }).id ?? ''));
  }
  return ids;
}

/**
 * The `permissions:` and `contributes:` lines of a plugin in `list` and `info`: permissions
 * most dangerous first, each with its risk (colored when `color`) and summary.
 */
export function summaryLines(
  permissions: readonly DescribedPermission[],
  contributions: Readonly<Record<string, readonly string[]>>,
  color: boolean,
): string[] {
  const c = createColors(color);
  const riskColor = {
    critical: (text: string) => c.bold(c.red(text)),
    high: c.red,
    medium: c.yellow,
    low: c.dim,
  } as const;
  const lines: string[] = [];
  if (permissions.length === 0) lines.push('  permissions: none');
  else {
    lines.push('  permissions:');
    const width = Math.max(...permissions.map((x) => printable(x.permission).length));
    const sorted = [...permissions].sort(
      // Most dangerous first, by the pdk's one order of risk levels.
      (a, b) => riskRank(b.risk) - riskRank(a.risk),
    );
    for (const x of sorted) {
      const risk = riskColor[x.risk](x.risk.padEnd(8));
      lines.push(`    ${risk} ${printable(x.permission).padEnd(width)}  ${printable(x.summary)}`);
    }
  }
  const kinds = Object.entries(contributions);
  if (kinds.length === 0) lines.push('  contributes: nothing');
  else {
    lines.push('  contributes:');
    for (const [kind, ids] of kinds) lines.push(`    ${kind}: ${ids.map(printable).join(', ')}`);
  }
  return lines;
}

/** A plugin state, colored: green when active, red when failed, yellow otherwise. */
export function coloredState(state: string, color: boolean): string {
  const c = createColors(color);
  return (
    state === 'active' ? c.green : state === 'failed' || state === 'refused' ? c.red : c.yellow
  )(state);
}
