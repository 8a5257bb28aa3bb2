import { resolve } from 'node:path';
import { discoverPlugins, loadHostConfig, reviewPluginPolicy } from '@stack-plugin/host';
import {
  type ErrorJsonBody,
  HOST_CONFIG_FILE,
  isStackPluginError,
  type PermissionRisk,
  toErrorJson,
} from '@stack-plugin/pdk';
import { plural } from '../_plural.js';
import { printable } from '../_printable.js';
import type { CommandIo } from '../command.js';
import { ownPluginConfig } from './_own-plugin.js';

/** One plugin of the config as the governance policy would treat it. */
export interface PolicyReportRow {
  readonly plugin: string;
  readonly outcome: 'allowed' | 'warned' | 'refused';
  /** The riskiest level of its permissions (absent when the plugin could not be read). */
  readonly risk?: PermissionRisk;
  /** The permissions at that level. */
  readonly riskyPermissions?: readonly string[];
  /** The isolation it would run at. */
  readonly isolation?: string;
  /** Broken rules (`POLICY_*`), or what stops the host before the policy applies. */
  readonly violations: readonly ErrorJsonBody[];
}

/** What `stack-plugin policy check` prints with `--json`. */
export interface PolicyReport {
  /** False when the host would refuse at least one plugin. */
  readonly ok: boolean;
  readonly mode: 'enforce' | 'warn';
  readonly plugins: readonly PolicyReportRow[];
}

/**
 * The governance policy of the project's stack.config.json applied to each of its plugins,
 * the way the host applies it at load (`reviewPluginPolicy`: package read, signatures verified,
 * isolation resolved), with no plugin code run. A plugin the host could not even read (not
 * installed, invalid manifest, bad signature) is `refused` with that error.
 */
export async function policyReport(
  io: CommandIo,
  options: { readonly config?: string | undefined },
): Promise<PolicyReport> {
  const configFile = options.config === undefined ? undefined : resolve(io.cwd, options.config);
  // In a plugin's own folder (no host config): that plugin, against the default policy, which
  // still verifies its package and rates its permissions as a host would.
  const own = ownPluginConfig(io, options.config, { quiet: true });
  if (own !== undefined && !io.json) {
    io.stderr(
      `[info] no ${HOST_CONFIG_FILE} here: checking this folder's plugin against the default policy (no allow/deny lists, maxRisk or isolationByRisk); pass --config to check against a host's\n`,
    );
  }
  const { config, baseDir } = await loadHostConfig(io.cwd, own ?? configFile);
  const policy = config.policy ?? {};
  const { sources, unresolved } = await discoverPlugins(io.cwd, config, baseDir);
  const rows: PolicyReportRow[] = [];
  for (const { dir, label, entry } of sources) {
    try {
      const review = await reviewPluginPolicy({ dir, entry, policy });
      rows.push({
        plugin: review.plugin,
        outcome: review.outcome,
        risk: review.risk.risk,
        riskyPermissions: review.risk.permissions,
        isolation: review.isolation,
        violations: review.violations.map((v) => v.toJSON()),
      });
    } catch (error) {
      if (!isStackPluginError(error)) throw error;
      rows.push({
        plugin: error.plugin ?? label,
        outcome: 'refused',
        violations: [error.toJSON()],
      });
    }
  }
  for (const { label, error } of unresolved) {
    rows.push({ plugin: label, outcome: 'refused', violations: [toErrorJson(error).error] });
  }
  return {
    ok: rows.every((row) => row.outcome !== 'refused'),
    mode: policy.mode ?? 'enforce',
    plugins: rows,
  };
}

/** The report as text: a summary line, then one block per plugin, refusals first. */
export function formatPolicyReport(report: PolicyReport): string {
  const order = { refused: 0, warned: 1, allowed: 2 } as const;
  const rows = [...report.plugins].sort((a, b) => order[a.outcome] - order[b.outcome]);
  const count = (outcome: PolicyReportRow['outcome']) =>
    rows.filter((r) => r.outcome === outcome).length;
  const lines = [
    `Policy (${report.mode}): ${plural(rows.length, 'plugin')}, ${count('refused')} refused, ${count('warned')} warned, ${count('allowed')} allowed.`,
  ];
  if (rows.length === 0) {
    lines.push(
      `  Nothing to check: no plugin in ${HOST_CONFIG_FILE} here, and this is no plugin's folder. Run it in a host project, pass --config FILE, or run it in a plugin's folder.`,
    );
  }
  const width = Math.max(0, ...rows.map((r) => printable(r.plugin).length));
  for (const row of rows) {
    const facts =
      row.risk === undefined ? 'not readable' : `risk ${row.risk}, isolation ${row.isolation}`;
    lines.push(`  ${row.outcome.padEnd(8)} ${printable(row.plugin).padEnd(width)}  ${facts}`);
    for (const v of row.violations) {
      lines.push(`      ${v.code}: ${printable(v.message)}`, `      hint: ${printable(v.hint)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
