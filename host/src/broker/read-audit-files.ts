import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { AuditLine } from './audit-file-sink.js';

/** A line of an audit file that is not a record, skipped by {@link readAuditFiles}. */
export interface AuditFileProblem {
  /** The file the line is in. */
  readonly file: string;
  /** 1-based line number in that file. */
  readonly line: number;
  /**
   * `torn`: not JSON, as a write cut short (by a full disk or a power loss) leaves it, either
   * as the file's last line without a newline or, once a host appended after it, as a line of
   * its own; `invalid`: JSON that is not an audit record of schema 1.
   */
  readonly kind: 'torn' | 'invalid';
}

/** What {@link readAuditFiles} found. */
export interface AuditFiles {
  /** The files read, oldest first: `<file>.N` ... `<file>.1`, then `<file>`. */
  readonly files: readonly string[];
  /** Every record, oldest first. */
  readonly records: readonly AuditLine[];
  /** Lines skipped, in the order read. */
  readonly problems: readonly AuditFileProblem[];
}

const FIELDS = ['time', 'plugin', 'capability', 'method', 'target'] as const;

function isAuditLine(value: unknown): value is AuditLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    line.v === 1 &&
    FIELDS.every((field) => typeof line[field] === 'string') &&
    (line.decision === 'allowed' || line.decision === 'denied') &&
    (line.permission === undefined || typeof line.permission === 'string')
  );
}

/**
 * Reads an audit log written by the host (`audit.file` in stack.config.json): the rotated
 * files from the oldest, then the current one, so records come in the order they were
 * written. Lines that are not records are skipped and listed in `problems`, a cut-short last
 * line as `torn`. A log that does not exist yet reads as empty.
 */
export async function readAuditFiles(file: string): Promise<AuditFiles> {
  const name = basename(file);
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { files: [], records: [], problems: [] };
    }
    throw error;
  }
  const rotated = names
    .map((entry) => /^\.([1-9][0-9]*)$/.exec(entry.slice(name.length)))
    .flatMap((match, i) => (match !== null && names[i]?.startsWith(name) ? [Number(match[1])] : []))
    .sort((a, b) => b - a)
    .map((n) => `${file}.${n}`);
  const files = [...rotated, ...(names.includes(name) ? [file] : [])];
  const records: AuditLine[] = [];
  const problems: AuditFileProblem[] = [];
  for (const path of files) {
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    // The text after the last newline: empty for a whole file, else a torn line.
    const tail = lines.pop() ?? '';
    lines.forEach((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        problems.push({ file: path, line: i + 1, kind: 'torn' });
        return;
      }
      if (isAuditLine(parsed)) records.push(parsed);
      else problems.push({ file: path, line: i + 1, kind: 'invalid' });
    });
    if (tail !== '') problems.push({ file: path, line: lines.length + 1, kind: 'torn' });
  }
  return { files, records, problems };
}
