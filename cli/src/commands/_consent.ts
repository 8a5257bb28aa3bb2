import { createError, describePermission, isStackPluginError, riskRank } from '@stack-plugin/pdk';
import { printable } from '../_printable.js';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';

/** The permissions of `wanted` that `granted` does not already hold (exact strings). */
export function newPermissions(
  wanted: readonly string[],
  granted: readonly string[] | undefined,
): string[] {
  const held = new Set(granted ?? []);
  return wanted.filter((p) => !held.has(p));
}

/**
 * The permission table shown before consent: one line per permission, riskiest first, with
 * its plain-language summary. Plugin text is escaped for the terminal.
 */
export function formatPermissionTable(permissions: readonly string[]): string {
  const rows = permissions
    .map((permission) => ({ permission: printable(permission), ...describePermission(permission) }))
    .sort((a, b) => riskRank(b.risk) - riskRank(a.risk));
  const width = Math.max(...rows.map((r) => r.permission.length));
  return rows
    .map((r) => `  ${r.risk.padEnd(8)} ${r.permission.padEnd(width)}  ${printable(r.summary)}\n`)
    .join('');
}

/** Whether `error` is a refusal of consent (none asked for, or declined): no failure of a package. */
export function isConsentRefusal(error: unknown): boolean {
  return (
    isStackPluginError(error) &&
    (error.code === cliErrors.CONSENT_REQUIRED.code ||
      error.code === cliErrors.CONSENT_DECLINED.code)
  );
}

/**
 * Ask for consent to the permissions a plugin wants beyond what was granted before. Nothing
 * new: no question. `accepted` (from `--yes` / `--accept-permissions`) consents up front;
 * otherwise the user is asked on a terminal, and without one the command stops with exit 2
 * naming the flag, so CI never installs permissions nobody read.
 *
 * @throws {@link StackPluginError} `CONSENT_REQUIRED` with no terminal to ask, `CONSENT_DECLINED`
 * when the user says no.
 */
export async function askConsent(options: {
  io: CommandIo;
  name: string;
  version: string;
  permissions: readonly string[];
  granted: readonly string[] | undefined;
  accepted: boolean;
  command: string;
}): Promise<void> {
  const fresh = newPermissions(options.permissions, options.granted);
  if (fresh.length === 0) return;
  const what = `${printable(options.name)}@${printable(options.version)}`;
  const intro =
    options.granted === undefined
      ? `${what} asks for these permissions:\n`
      : `${what} asks for permissions beyond those granted before:\n`;
  // The table goes to stderr so `--json` output on stdout stays machine-readable.
  options.io.stderr(intro + formatPermissionTable(fresh));
  if (options.accepted) return;
  if (options.io.confirm === undefined) {
    throw createError(cliErrors.CONSENT_REQUIRED, {
      plugin: options.name,
      count: fresh.length,
      command: options.command,
    });
  }
  if (!(await options.io.confirm('Grant these permissions and install?'))) {
    throw createError(cliErrors.CONSENT_DECLINED, { plugin: options.name });
  }
}
