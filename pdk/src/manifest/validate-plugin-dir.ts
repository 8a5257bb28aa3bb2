import { readFileSync, statSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { collectIssues, toReport, UNAVAILABLE } from './_collect-issues.js';
import { IssueCollector } from './_issue-collector.js';
import { isInsidePackage } from './_resolve-entry.js';
import { MANIFEST_FILE } from './manifest-constants.js';
import type { ManifestIssue, ManifestIssueFile, ValidationReport } from './manifest-issue.js';

/** Options of {@link validatePluginDir}. */
export interface ValidatePluginDirOptions {
  /** Repair fixable issues in one pass, write the files atomically and validate again. */
  fix?: boolean;
}

/** A JSON file as read from disk, with the formatting to reproduce when writing it back. */
interface LoadedFile {
  value: unknown;
  text: string;
  indent: string;
  newline: string;
}

const PACKAGE_FILE = 'package.json';

function load(
  dir: string,
  file: ManifestIssueFile,
  c: IssueCollector,
): LoadedFile | typeof UNAVAILABLE | undefined {
  let text: string;
  try {
    // Synchronous on purpose: two small files, and in a fresh process the first promise-based
    // read costs ten times as much as both synchronous ones (it sets up file handles).
    text = readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined; // the checks report the missing file
    c.add(
      'MANIFEST_UNREADABLE',
      file,
      '',
      `${file} exists but cannot be read (${code ?? String(error)}).`,
      'Check that it is a regular file and readable by the current user.',
    );
    return UNAVAILABLE;
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
    return { value, text, indent, newline: text.includes('\r\n') ? '\r\n' : '\n' };
  } catch (error) {
    c.add(
      file === MANIFEST_FILE ? 'MANIFEST_JSON_SYNTAX' : 'PACKAGE_JSON_SYNTAX',
      file,
      '',
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      'Fix the syntax at the position named (JSON allows no comments or trailing commas).',
    );
    return UNAVAILABLE;
  }
}

function serialize(file: LoadedFile, value: unknown): string {
  const text = `${JSON.stringify(value, null, file.indent)}\n`;
  return file.newline === '\n' ? text : text.replaceAll('\n', file.newline);
}

/** Write through a temporary file in the same folder and rename, so readers never see half. */
async function writeAtomically(path: string, text: string): Promise<void> {
  // node:crypto is loaded only here: plain validation should not pay for it at start-up.
  const { randomBytes } = await import('node:crypto');
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const mode = (await stat(path)).mode & 0o777;
    await writeFile(temporary, text, { mode });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

function fileExistsIn(dir: string): (relative: string) => boolean {
  return (relative) => {
    if (!isInsidePackage(relative)) return false;
    try {
      return statSync(resolve(dir, relative)).isFile();
    } catch {
      return false;
    }
  };
}

const parsedValue = (file: LoadedFile | typeof UNAVAILABLE | undefined) =>
  file === undefined || file === UNAVAILABLE ? file : file.value;

function run(dir: string): {
  collector: IssueCollector;
  files: Map<ManifestIssueFile, LoadedFile>;
} {
  const pre = new IssueCollector();
  const manifest = load(dir, MANIFEST_FILE, pre);
  const packageJson = load(dir, PACKAGE_FILE, pre);
  const collector = collectIssues({
    manifest: parsedValue(manifest),
    packageJson: parsedValue(packageJson),
    fileExists: fileExistsIn(dir),
  });
  collector.issues.unshift(...pre.issues);
  const files = new Map<ManifestIssueFile, LoadedFile>();
  if (manifest !== undefined && manifest !== UNAVAILABLE) files.set(MANIFEST_FILE, manifest);
  if (packageJson !== undefined && packageJson !== UNAVAILABLE)
    files.set(PACKAGE_FILE, packageJson);
  return { collector, files };
}

const sameIssue = (a: ManifestIssue, b: ManifestIssue) =>
  a.code === b.code && a.file === b.file && a.path === b.path;

/**
 * Read `<dir>/stack-plugin.json` and `<dir>/package.json` and validate them (entry file
 * included). With `fix: true`, applies every available fix in one pass, writes each changed
 * file atomically in its original indentation with a trailing newline, and validates again in
 * the same run; `fixed` lists what was repaired. Never throws.
 *
 * Also exported alone as `@stack-plugin/pdk/validate`, for tools whose start-up time matters
 * (the `stack-plugin validate` command): that entry loads only the modules validation needs.
 */
export async function validatePluginDir(
  dir: string,
  options: ValidatePluginDirOptions = {},
): Promise<ValidationReport> {
  try {
    const first = run(dir);
    if (options.fix !== true || first.collector.fixes.size === 0) {
      return toReport(first.collector.issues);
    }
    for (const [name, file] of first.files) {
      const fixes = [...first.collector.fixes.values()].filter((f) => f.file === name);
      if (fixes.length === 0) continue;
      const document = structuredClone(file.value) as Record<string, unknown>;
      for (const fix of fixes) fix.apply(document);
      const text = serialize(file, document);
      if (text !== file.text) await writeAtomically(join(dir, name), text);
    }
    const second = run(dir);
    const fixed = first.collector.issues.filter(
      (issue) =>
        issue.fixable === true && !second.collector.issues.some((i) => sameIssue(i, issue)),
    );
    return toReport(second.collector.issues, fixed);
  } catch (error) {
    return internalFailure(dir, error);
  }
}

function internalFailure(dir: string, error: unknown): ValidationReport {
  const c = new IssueCollector();
  c.add(
    'VALIDATOR_INTERNAL',
    MANIFEST_FILE,
    '',
    `Validating ${dir} failed: ${error instanceof Error ? error.message : String(error)}.`,
    'Check that the folder exists and is writable; if it is, this is a bug in Stack PDK.',
  );
  return toReport(c.issues);
}

/** What {@link validatePluginFiles} read and found. */
export interface ValidatedPluginFiles {
  report: ValidationReport;
  /** The parsed stack-plugin.json, when it could be read and parsed. */
  manifest: unknown;
  /** The parsed package.json, when it could be read and parsed. */
  packageJson: unknown;
}

/**
 * {@link validatePluginDir} without fixes, returning the documents it validated along with the
 * report, so that a loader uses the very bytes that were checked (no second read, and no window
 * in which the files could change between check and use). Never throws.
 *
 * @internal
 */
export function validatePluginFiles(dir: string): ValidatedPluginFiles {
  try {
    const { collector, files } = run(dir);
    return {
      report: toReport(collector.issues),
      manifest: files.get(MANIFEST_FILE)?.value,
      packageJson: files.get(PACKAGE_FILE)?.value,
    };
  } catch (error) {
    return { report: internalFailure(dir, error), manifest: undefined, packageJson: undefined };
  }
}
