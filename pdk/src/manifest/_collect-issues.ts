import { checkManifest } from './_check-manifest.js';
import { checkEntry, checkPackageJson } from './_check-package.js';
import { IssueCollector, isRecord } from './_issue-collector.js';
import type { ManifestIssue, ManifestIssueFile, ValidationReport } from './manifest-issue.js';

/** Deeper than any sensible manifest; guards recursive validators against stack overflow. */
export const MAX_DEPTH = 64;

/** Marks a document that could not be read or parsed (already reported). */
export const UNAVAILABLE: unique symbol = Symbol('unavailable');

/** Input of {@link collectIssues}; a document is {@link UNAVAILABLE} when reading it failed. */
export interface CollectInput {
  manifest: unknown;
  packageJson: unknown;
  fileExists?: ((relativePath: string) => boolean) | undefined;
}

/**
 * The pointer of the first value nested deeper than {@link MAX_DEPTH}, or of one that refers
 * back to itself (possible when called from code rather than with parsed JSON).
 */
function findTooDeep(root: unknown): string | undefined {
  const seen = new Set<object>();
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  while (stack.length > 0) {
    const [value, pointer, depth] = stack.pop() as [unknown, string, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH || seen.has(value)) return pointer;
    seen.add(value);
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries) {
      stack.push([
        child,
        `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`,
        depth + 1,
      ]);
    }
  }
  return undefined;
}

function guardDepth(c: IssueCollector, value: unknown, file: ManifestIssueFile): boolean {
  const at = findTooDeep(value);
  if (at === undefined) return true;
  c.add(
    'MANIFEST_TOO_DEEP',
    file,
    at,
    `${file} nests values more than ${MAX_DEPTH} levels deep (or refers to itself) here, which no plugin needs; the file was not checked further.`,
    'Flatten the value, for example with "$defs" and "$ref" in JSON Schemas.',
  );
  return false;
}

/** Run every check and gather issues and fixes. Never throws. */
export function collectIssues(input: CollectInput): IssueCollector {
  const c = new IssueCollector();
  try {
    const { manifest, packageJson } = input;
    const manifestOk = manifest !== UNAVAILABLE && guardDepth(c, manifest, 'stack-plugin.json');
    const packageOk = packageJson !== UNAVAILABLE && guardDepth(c, packageJson, 'package.json');
    if (manifestOk) {
      checkManifest(c, manifest, packageJson);
    }
    if (packageOk) checkPackageJson(c, packageJson);
    if (manifestOk && packageOk && isRecord(manifest)) {
      checkEntry(c, manifest, packageJson, input.fileExists);
    }
  } catch (error) {
    c.add(
      'VALIDATOR_INTERNAL',
      'stack-plugin.json',
      '',
      `The validator failed on this input: ${error instanceof Error ? error.message : String(error)}.`,
      'This is a bug in Stack PDK; please report it with the manifest that caused it.',
    );
  }
  return c;
}

function comparePointers(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i] as string;
    const y = bs[i] as string;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

/** Issues in a stable order: manifest first, then by path (numeric indexes), then code. */
export function sortIssues(issues: ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.file === b.file ? 0 : a.file === 'stack-plugin.json' ? -1 : 1) ||
      comparePointers(a.path, b.path) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** Build a report from issues. */
export function toReport(issues: ManifestIssue[], fixed: ManifestIssue[] = []): ValidationReport {
  return {
    ok: !issues.some((i) => i.severity === 'error'),
    issues: sortIssues(issues),
    fixed: sortIssues(fixed),
  };
}
