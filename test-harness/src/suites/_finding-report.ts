import type { SecurityCheck, SecurityFinding } from './security-report.js';

/** What to do when a check fails: shown under its findings in the failing test. */
export const SECURITY_CHECK_HINTS: Readonly<Record<SecurityCheck, string>> = {
  activation:
    'activate() threw or timed out: run the plugin with `stack-plugin dev` and read the error; a missing config value or an undeclared permission used at start-up are the usual causes.',
  fuzz: 'A handler failed on input its own schema allows: handle that input, or tighten the "input" schema in stack-plugin.json so the host refuses it first.',
  'hostile-input':
    'Treat input as data: do not interpolate it into paths, commands or URLs, and keep the "input" schema strict (additionalProperties: false, maxLength).',
  timeouts:
    'Every call must settle within "limits.timeoutMs": await what you start, pass ctx.signal to long operations, and never wait forever.',
  'undeclared-use':
    'Declare the permission in stack-plugin.json "permissions" if the plugin needs it, or remove the call.',
  secrets:
    'Never log, return, emit or throw a secret value, even encoded: use it only where it is needed (a request header), and log that a secret was used, not what it is.',
  'undeclared-variants':
    'The host allowed a call no permission grants: this is a host bug or a permission broader than intended; narrow the permission or report it.',
  isolation:
    'The plugin behaves differently in its declared sandbox: keep to ctx (no globals, Node built-ins or process) so it runs the same at every isolation level.',
  permissions:
    'Drop permissions the plugin does not use (least privilege), or give the suite inputs that exercise them.',
};

/**
 * The failure text of one security check: its findings grouped by message (the contributions
 * that showed each, and one input), then the check's hint. Replaces a bare array diff, which
 * named neither the command nor what to do.
 */
export function formatCheckFailure(
  plugin: string,
  check: SecurityCheck,
  findings: readonly SecurityFinding[],
): string {
  const groups = new Map<string, { contributions: Set<string>; input?: string }>();
  for (const f of findings) {
    const group = groups.get(f.message) ?? { contributions: new Set<string>() };
    if (f.contribution !== undefined) group.contributions.add(f.contribution);
    if (group.input === undefined && f.input !== undefined) group.input = f.input;
    groups.set(f.message, group);
  }
  const lines = [
    `security check "${check}" failed for ${plugin}: ${groups.size} ${groups.size === 1 ? 'finding' : 'findings'}`,
  ];
  for (const [message, group] of groups) {
    lines.push(`  x ${message}`);
    if (group.contributions.size > 0) lines.push(`    in: ${[...group.contributions].join(', ')}`);
    if (group.input !== undefined) lines.push(`    input: ${group.input}`);
  }
  lines.push(`  hint: ${SECURITY_CHECK_HINTS[check]}`);
  return lines.join('\n');
}
