import { relative } from 'node:path';
import type { ManifestIssue, ValidationReport } from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import { plural } from '../_plural.js';
import { printable } from '../_printable.js';

/** Where the report is printed, for paths and styling. */
export interface FormatReportOptions {
  /** The plugin folder validated (absolute). */
  readonly dir: string;
  /** The folder paths are shown relative to. */
  readonly cwd: string;
  readonly color: boolean;
}

/**
 * Human form of a validation report: fixed issues first, then the remaining issues grouped by
 * file (errors before warnings, then by path), then a one-line summary.
 */
export function formatValidationReport(
  report: ValidationReport,
  options: FormatReportOptions,
): string {
  const c = createColors(options.color);
  const shown = relative(options.cwd, options.dir) || '.';
  const out: string[] = [];
  if (report.fixed.length > 0) {
    out.push(`${c.green('Fixed')} ${plural(report.fixed.length, 'issue')}:\n`);
    for (const issue of report.fixed) {
      out.push(
        `  ${c.green('✔')} ${issue.file} ${c.dim(printable(issue.path || '/'))} ${printable(issue.message)}\n`,
      );
    }
    out.push('\n');
  }
  const byFile = new Map<string, ManifestIssue[]>();
  for (const issue of report.issues) {
    const list = byFile.get(issue.file) ?? [];
    list.push(issue);
    byFile.set(issue.file, list);
  }
  for (const file of [...byFile.keys()].sort()) {
    const issues = byFile
      .get(file)!
      .slice()
      .sort(
        (a, b) =>
          Number(a.severity === 'warning') - Number(b.severity === 'warning') ||
          a.path.localeCompare(b.path),
      );
    out.push(`${c.bold(shown === '.' ? file : `${shown}/${file}`)}\n`);
    for (const issue of issues) {
      const label = issue.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      out.push(
        `  ${label} ${c.dim(printable(issue.path || '/'))}  ${printable(issue.message)} ${c.dim(`[${issue.code}]`)}\n`,
      );
      out.push(`          ${c.dim('hint:')} ${issue.hint}\n`);
    }
    out.push('\n');
  }
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  if (errors > 0) {
    out.push(
      `${c.red('✖')} ${shown}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
    );
  } else {
    out.push(
      `${c.green('✔')} ${shown}: valid${warnings > 0 ? ` with ${plural(warnings, 'warning')}` : ''}\n`,
    );
  }
  const fixable = report.issues.filter((i) => i.fixable).length;
  if (fixable > 0 && report.fixed.length === 0) {
    out.push(`${c.dim(`${plural(fixable, 'issue')} can be fixed with --fix`)}\n`);
  }
  return out.join('');
}
