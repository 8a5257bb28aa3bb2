import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AuditLine, loadHostConfig } from '@stack-plugin/host';
import { createError } from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import { printable } from '../_printable.js';
import { cliErrors } from '../cli-errors.js';
import { hostProject } from './_host-project.js';

/**
 * The audit file `stack-plugin audit` reads: `--file`, else `audit.file` of the host config
 * (checked by the host's own loader), relative to the config's folder.
 */
export async function auditFile(
  cwd: string,
  options: { readonly config?: string | undefined; readonly file?: string | undefined },
): Promise<string> {
  if (options.file !== undefined) return resolve(cwd, options.file);
  const project = hostProject(
    cwd,
    options.config === undefined ? undefined : resolve(cwd, options.config),
  );
  // Without a config file there is no audit file; a --config that is missing is an error.
  const loaded =
    options.config === undefined && !existsSync(project.configFile)
      ? undefined
      : await loadHostConfig(project.root, project.configFile);
  // An `audit` section with only a capacity keeps records in memory: no file to read.
  const file = loaded?.config.audit?.file;
  if (loaded === undefined || file === undefined) {
    throw createError(cliErrors.AUDIT_NOT_CONFIGURED, { config: project.configFile });
  }
  return resolve(loaded.baseDir, file);
}

const UNITS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `--since`: a duration back from `now` (`15m`) or an ISO 8601 time, as epoch ms; else undefined. */
export function parseSince(text: string, now: number): number | undefined {
  const duration = /^(\d+)([smhd])$/.exec(text);
  if (duration !== null) {
    return now - Number(duration[1]) * (UNITS[duration[2] as string] as number);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * One record a line: time, decision, capability.method, plugin, target and the permission
 * (what plugins sent is escaped, so a target cannot move the terminal's cursor).
 */
export function formatAuditRecords(records: readonly AuditLine[], color: boolean): string {
  if (records.length === 0) return 'No audit records match.\n';
  const c = createColors(color);
  const call = (r: AuditLine) => `${r.capability}.${r.method}`;
  const width = Math.max(...records.map((r) => call(r).length));
  const pluginWidth = Math.max(...records.map((r) => printable(r.plugin).length));
  return records
    .map((r) => {
      const decision = r.decision === 'denied' ? c.red('denied ') : c.green('allowed');
      const permission = r.permission === undefined ? '' : c.dim(` (${printable(r.permission)})`);
      return `${c.dim(r.time)}  ${decision}  ${call(r).padEnd(width)}  ${printable(r.plugin).padEnd(pluginWidth)}  ${printable(r.target)}${permission}\n`;
    })
    .join('');
}
