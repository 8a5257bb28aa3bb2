import {
  MANIFEST_ISSUE_CODES,
  type ManifestIssue,
  type ManifestIssueCode,
  type ManifestIssueFile,
} from './manifest-issue.js';

/** A repair of one file, applied to a parsed copy by `validatePluginDir({ fix: true })`. */
export interface FixAction {
  /** Fixes with the same key are the same repair; it is applied once. */
  key: string;
  file: ManifestIssueFile;
  apply(document: Record<string, unknown>): void;
}

/** Gathers issues and the fixes that repair them during one validation. */
export class IssueCollector {
  readonly issues: ManifestIssue[] = [];
  readonly fixes = new Map<string, FixAction>();

  add(
    code: ManifestIssueCode,
    file: ManifestIssueFile,
    path: string,
    message: string,
    hint: string,
    fix?: FixAction | readonly FixAction[],
  ): void {
    const info = MANIFEST_ISSUE_CODES[code];
    const issue: ManifestIssue = { severity: info.severity, code, path, file, message, hint };
    const fixes = fix === undefined ? [] : Array.isArray(fix) ? fix : [fix as FixAction];
    if (fixes.length > 0 && info.fixable) {
      issue.fixable = true;
      for (const action of fixes)
        if (!this.fixes.has(action.key)) this.fixes.set(action.key, action);
    }
    this.issues.push(issue);
  }
}

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Quote a value for a message, shortened so huge inputs give readable issues. */
export function show(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
