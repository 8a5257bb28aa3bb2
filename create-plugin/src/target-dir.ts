import { readdir } from 'node:fs/promises';
import { isAbsolute, normalize, sep } from 'node:path';

/**
 * Files a folder may already hold and still count as empty: version-control metadata and the
 * litter editors and operating systems leave behind.
 */
export const IGNORABLE_FILES: ReadonlySet<string> = new Set([
  '.git',
  '.DS_Store',
  'Thumbs.db',
  'desktop.ini',
  '.idea',
  '.vscode',
  '.gitkeep',
  'npm-debug.log',
]);

/** Device names Windows reserves in every folder, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Why a target folder argument is unsafe, or `undefined` when it is fine. The folder must be
 * relative to where the command runs and stay inside it: no `..`, no absolute path, no
 * reserved device names, no control characters, no segment ending in a dot or space.
 */
export function checkTargetDir(dir: string): string | undefined {
  if (dir.length === 0) return 'the folder name is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point.
  if (/[\u0000-\u001f]/.test(dir)) return 'it contains control characters';
  if (isAbsolute(dir) || /^[a-zA-Z]:[\\/]/.test(dir) || dir.startsWith('\\\\')) {
    return 'it is an absolute path; run the command from the parent folder and pass a relative name';
  }
  const segments = dir.split(/[\\/]+/).filter((s) => s !== '');
  if (segments.includes('..')) return 'it climbs out of the current folder with ".."';
  if (segments.includes('~')) return '"~" is not expanded here; pass a relative folder name';
  for (const segment of segments) {
    if (segment === '.') continue;
    if (WINDOWS_RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends with a dot or a space`;
    if (/[<>:"|?*]/.test(segment)) return `"${segment}" contains one of <>:"|?*`;
    if (segment === 'node_modules') return '"node_modules" is reserved for installed packages';
  }
  if (normalize(dir).split(sep)[0] === '..') return 'it climbs out of the current folder';
  return undefined;
}

/** What the target folder holds right now. */
export type TargetState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty'; readonly ignorable: readonly string[] }
  | { readonly kind: 'not-empty'; readonly entries: readonly string[] }
  | { readonly kind: 'not-a-directory' };

/** Inspect the target folder: missing, empty (ignorable files only), or holding files. */
export async function inspectTarget(path: string): Promise<TargetState> {
  let entries: string[];
  try {
    entries = await readdir(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENOTDIR') return { kind: 'not-a-directory' };
    throw error;
  }
  const significant = entries.filter((e) => !IGNORABLE_FILES.has(e)).sort();
  if (significant.length === 0) return { kind: 'empty', ignorable: entries.sort() };
  return { kind: 'not-empty', entries: significant };
}
