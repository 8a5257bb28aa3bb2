import type { AuditLog } from '../broker/audit-log.js';
import type { HostLog } from '../host/_host-log.js';
import type { PolicyDecision } from './check-plugin-policy.js';

/** The `capability` of audit records that hold a governance decision rather than a call. */
export const POLICY_AUDIT_CAPABILITY = 'policy';

/**
 * Keeps a governance decision in the host's audit log, beside the capability records: one
 * record per load, `capability: 'policy'`, `method` the outcome (`allowed`, `warned`,
 * `refused`), `target` the codes of the broken rules (comma-separated, empty when none),
 * `allowed` false only for a refusal. A warned plugin's violations also go to the host log.
 */
export function recordPolicyDecision(
  decision: PolicyDecision,
  audit: AuditLog,
  log: HostLog,
  time: number,
): void {
  const codes = decision.violations.map((v) => v.code).join(',');
  audit.append(
    decision.plugin,
    POLICY_AUDIT_CAPABILITY,
    decision.outcome,
    codes,
    decision.outcome !== 'refused',
    undefined,
    time,
  );
  if (decision.outcome === 'warned') {
    for (const violation of decision.violations) {
      log(
        'warn',
        `policy (warn mode, loaded anyway; enforce mode would refuse it): ${violation.message}`,
        decision.plugin,
      );
    }
  }
}
