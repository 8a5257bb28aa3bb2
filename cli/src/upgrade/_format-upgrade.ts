import { printable } from '../_printable.js';
import type { FileOutcome } from './_merge-template-files.js';
import type { CheckResult } from './_upgrade-checks.js';
import type { StagedUpgrade } from './upgrade-project.js';

/** The columns of the summary table, in order. */
const SUMMARY_COLUMNS = [
  'replaced',
  'merged',
  'conflicted',
  'added',
  'migrated',
  'skipped',
] as const;

/** Count of files per column of the summary table. */
export type UpgradeSummary = Readonly<Record<(typeof SUMMARY_COLUMNS)[number], number>>;

/** Files per outcome; `migrated` counts the files migrations or dependency bumps changed. */
export function summarize(upgrade: StagedUpgrade): UpgradeSummary {
  const count = (outcome: FileOutcome) => upgrade.files.filter((f) => f.outcome === outcome).length;
  const migratedFiles = new Set(upgrade.migrated.map((m) => m.file));
  if (upgrade.bumps.length > 0) migratedFiles.add('package.json');
  return {
    replaced: count('replaced'),
    merged: count('merged'),
    conflicted: count('conflicted'),
    added: count('added'),
    migrated: migratedFiles.size,
    skipped: count('skipped'),
  };
}

/** One line per file that is not left as it was, then migrations and dependency bumps. */
function fileLines(upgrade: StagedUpgrade): string[] {
  const lines: string[] = [];
  for (const file of upgrade.files) {
    if (file.outcome === 'unchanged') continue;
    const note =
      file.outcome === 'conflicted'
        ? ` (${file.conflicts} conflict${file.conflicts === 1 ? '' : 's'}: resolve the markers)`
        : file.note === undefined
          ? ''
          : ` (${file.note})`;
    lines.push(`  ${file.outcome.padEnd(11)}${printable(file.path)}${note}`);
  }
  for (const bump of upgrade.bumps) {
    lines.push(`  ${'migrated'.padEnd(11)}package.json: ${bump.name} ${bump.from} -> ${bump.to}`);
  }
  for (const change of upgrade.migrated) {
    lines.push(`  ${'migrated'.padEnd(11)}${printable(change.file)}: ${change.what}`);
  }
  return lines;
}

/** The plan or result of an upgrade as text: the files, the summary table and the checks. */
export function formatUpgrade(
  upgrade: StagedUpgrade,
  state: 'dry-run' | 'written' | 'up-to-date',
  checks: readonly CheckResult[] = [],
): string {
  if (state === 'up-to-date') {
    return `The project is on template ${upgrade.to} already: nothing to upgrade.\n`;
  }
  const summary = summarize(upgrade);
  const head =
    state === 'dry-run'
      ? `Upgrade plan, template ${upgrade.from} -> ${upgrade.to} (dry run: nothing was written)`
      : `Upgraded template ${upgrade.from} -> ${upgrade.to}: ${upgrade.changes.size} files written`;
  const widths = SUMMARY_COLUMNS.map((c) => Math.max(c.length, String(summary[c]).length));
  const table = [
    `  ${SUMMARY_COLUMNS.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`,
    `  ${SUMMARY_COLUMNS.map((c, i) => String(summary[c]).padStart(widths[i] ?? 0)).join('  ')}`,
  ];
  const lines = [head, '', ...fileLines(upgrade), '', ...table];
  if (checks.length > 0) {
    lines.push('', 'Checks');
    for (const check of checks) {
      const detail = check.detail === undefined ? '' : ` (${printable(check.detail)})`;
      lines.push(`  ${check.name.padEnd(10)}${check.ok ? 'ok' : 'FAILED'}${detail}`);
    }
  }
  if (summary.conflicted > 0) {
    lines.push(
      '',
      'Resolve the conflict markers (<<<<<<< yours ... >>>>>>> template), then run the tests again.',
    );
  }
  return `${lines.join('\n')}\n`;
}
