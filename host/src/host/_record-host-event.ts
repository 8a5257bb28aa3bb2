import type { HostPluginEvent, HostPluginEventName } from '@stack-plugin/pdk';
import type { AuditLog } from '../broker/audit-log.js';

/** The `capability` of the audit records the host writes about plugins, beside `policy`. */
export const HOST_AUDIT_CAPABILITY = 'host';

/** What the host records about a plugin in its audit log: what an operator must be able to trace. */
const AUDITED: ReadonlySet<HostPluginEventName> = new Set([
  'refuse',
  'reload',
  'reload-fail',
  'crash',
  'quarantine',
]);

/**
 * Keeps a host event in the audit log when it is one of {@link AUDITED}: `capability: 'host'`,
 * `method` the event (`refuse`, `reload`, `reload-fail`, `crash`, `quarantine`), `target` the
 * error code (empty for a reload), `allowed` false when it carries an error.
 */
export function recordHostEvent(event: HostPluginEvent, audit: AuditLog, time: number): void {
  if (!AUDITED.has(event.event)) return;
  const code = event.error?.code;
  audit.append(
    event.plugin,
    HOST_AUDIT_CAPABILITY,
    event.event,
    code ?? '',
    code === undefined,
    undefined,
    time,
  );
}
