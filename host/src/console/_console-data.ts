import { describePermission, type PermissionDescription, riskRank } from '@stack-plugin/pdk';
import type { CapabilityRecord } from '../broker/audit-log.js';
import { type PluginGraph, pluginGraph } from '../graph/plugin-graph.js';
import type { Host } from '../host/host-types.js';
import type { PluginMetrics } from '../host/plugin-metrics.js';

/** One plugin as the console's `api/state` sends it. */
export interface ConsolePlugin {
  readonly name: string;
  readonly version: string;
  readonly state: string;
  readonly isolation: string;
  readonly error?: { readonly code: string; readonly message: string; readonly hint: string };
  /** Granted permissions with the pdk's description, most dangerous first (`riskRank`). */
  readonly permissions: ReadonlyArray<{ readonly permission: string } & PermissionDescription>;
  /** The call figures of {@link PluginMetrics}, without the histogram and recorded series. */
  readonly metrics: Omit<PluginMetrics, 'latency' | 'recorded'>;
}

/** What `api/state` answers: the plugins, their graph and the host clock. */
export interface ConsoleState {
  /** Host time (ms since the epoch) of the snapshot, for rates between two polls. */
  readonly time: number;
  readonly plugins: readonly ConsolePlugin[];
  readonly graph: PluginGraph;
}

/** A snapshot of the host for the page, from its public API only. */
export function consoleState(host: Host): ConsoleState {
  const statuses = host.plugins();
  return {
    time: Date.now(),
    plugins: statuses.map((status) => {
      const { latency: _latency, recorded: _recorded, ...metrics } = status.metrics;
      return {
        name: status.name,
        version: status.version,
        state: status.state,
        isolation: status.isolation,
        ...(status.error === undefined
          ? {}
          : {
              error: {
                code: status.error.code,
                message: status.error.message,
                hint: status.error.hint,
              },
            }),
        permissions: status.permissions
          .map((permission) => ({ permission, ...describePermission(permission) }))
          .sort((a, b) => riskRank(b.risk) - riskRank(a.risk)),
        metrics,
      };
    }),
    graph: pluginGraph(statuses),
  };
}

/** Filters of `api/audit`, from its query string. */
export interface AuditQuery {
  readonly plugin?: string;
  readonly denied?: boolean;
  /** Records at or after this time (ms since the epoch). */
  readonly since?: number;
  /** At most this many, the most recent (default and cap 500). */
  readonly limit?: number;
}

/** Most records one `api/audit` answer holds: the page shows a window, not the log. */
const AUDIT_WINDOW = 500;

/**
 * The host's in-memory audit records matching `query`, oldest first, the most recent
 * `limit` of them, plus how many matched in all.
 */
export function consoleAudit(
  records: readonly CapabilityRecord[],
  query: AuditQuery,
): { total: number; records: CapabilityRecord[] } {
  const matching = records.filter(
    (r) =>
      (query.plugin === undefined || r.plugin === query.plugin) &&
      (query.denied !== true || !r.allowed) &&
      (query.since === undefined || r.time >= query.since),
  );
  const limit = Math.min(AUDIT_WINDOW, Math.max(1, query.limit ?? AUDIT_WINDOW));
  return { total: matching.length, records: matching.slice(-limit) };
}

/** `api/audit`'s query string as an {@link AuditQuery}; unusable values are left out. */
export function auditQuery(params: URLSearchParams): AuditQuery {
  const number = (name: string) => {
    const value = Number(params.get(name) ?? Number.NaN);
    return Number.isFinite(value) ? value : undefined;
  };
  const plugin = params.get('plugin') || undefined;
  const since = number('since');
  const limit = number('limit');
  return {
    ...(plugin === undefined ? {} : { plugin }),
    ...(params.get('denied') === '1' ? { denied: true } : {}),
    ...(since === undefined ? {} : { since }),
    ...(limit === undefined ? {} : { limit }),
  };
}
