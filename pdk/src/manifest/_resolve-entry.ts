import { isRecord } from './_issue-collector.js';
import type { ManifestIssueFile } from './manifest-issue.js';

/** Where a plugin's entry module is declared, and its package-relative path. */
export interface EntryLocation {
  /** Package-relative path, without a leading `./`. */
  relative: string;
  file: ManifestIssueFile;
  /** JSON Pointer of the field that declares it (or would). */
  path: string;
}

function exportsEntry(exportsField: unknown): { value: string; path: string } | undefined {
  if (typeof exportsField === 'string') return { value: exportsField, path: '/exports' };
  if (!isRecord(exportsField)) return undefined;
  const root = Object.hasOwn(exportsField, '.') ? exportsField['.'] : exportsField;
  const base = Object.hasOwn(exportsField, '.') ? '/exports/.' : '/exports';
  if (typeof root === 'string') return { value: root, path: base };
  if (!isRecord(root)) return undefined;
  for (const condition of ['import', 'node', 'default']) {
    const value = root[condition];
    if (typeof value === 'string') return { value, path: `${base}/${condition}` };
  }
  return undefined;
}

/**
 * The entry module: manifest `main`, else package.json `main`, else its `exports` (`.` with
 * `import`/`node`/`default`), else `index.js` as Node would use.
 */
export function resolveEntry(manifest: unknown, packageJson: unknown): EntryLocation {
  const strip = (p: string) => p.replace(/^(?:\.\/)+/, '');
  if (isRecord(manifest) && typeof manifest.main === 'string') {
    return { relative: strip(manifest.main), file: 'stack-plugin.json', path: '/main' };
  }
  if (isRecord(packageJson)) {
    if (typeof packageJson.main === 'string') {
      return { relative: strip(packageJson.main), file: 'package.json', path: '/main' };
    }
    const fromExports = exportsEntry(packageJson.exports);
    if (fromExports) {
      return { relative: strip(fromExports.value), file: 'package.json', path: fromExports.path };
    }
  }
  return { relative: 'index.js', file: 'package.json', path: '/main' };
}

/** Whether a package-relative path stays inside the package. */
export function isInsidePackage(relative: string): boolean {
  if (relative === '' || relative.includes('\0')) return false;
  const slashed = relative.replaceAll('\\', '/');
  if (/^(?:\/|[A-Za-z]:)/.test(slashed)) return false;
  return !slashed.split('/').includes('..');
}
