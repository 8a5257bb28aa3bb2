import { collectIssues, toReport } from './_collect-issues.js';
import type { ValidationReport } from './manifest-issue.js';

/** Input of {@link validateManifest}. */
export interface ValidateManifestInput {
  /** Parsed `stack-plugin.json` (any value: it is checked). */
  manifest: unknown;
  /** Parsed package.json next to it; `undefined` means the file is missing. */
  packageJson: unknown;
  /**
   * Answers whether a package-relative file exists, for the entry check. Without it the entry
   * is only checked to be a path inside the package.
   */
  fileExists?: (relativePath: string) => boolean;
}

/**
 * Validate a plugin's manifest together with its package.json. Pure and synchronous; never
 * throws, whatever the input. Every issue has a severity, a stable code, a JSON Pointer into
 * the file concerned, a message (what and why) and a hint (what to do).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { validateManifest } from '@stack-plugin/pdk';
 *
 * const read = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));
 * const report = validateManifest({
 *   manifest: await read('stack-plugin.json'),
 *   packageJson: await read('package.json'),
 * });
 * // e.g. PERMISSION_INVALID /permissions/1 for "fs:write:/etc/**" (globs must be relative)
 * for (const issue of report.issues) console.log(issue.severity, issue.code, issue.path);
 * if (!report.ok) process.exitCode = 1;
 * ```
 */
export function validateManifest(input: ValidateManifestInput): ValidationReport {
  let manifest: unknown;
  let packageJson: unknown;
  let fileExists: ValidateManifestInput['fileExists'];
  try {
    if (typeof input === 'object' && input !== null) {
      ({ manifest, packageJson } = input);
      fileExists = typeof input.fileExists === 'function' ? input.fileExists : undefined;
    }
  } catch {
    // An input object whose getters throw is validated as if it were empty.
  }
  return toReport(collectIssues({ manifest, packageJson, fileExists }).issues);
}
