import { readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import { refuseLinks } from './safe-path.js';
import { scaffoldErrors } from './scaffold-errors.js';

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
 * Why a target folder argument is unsafe, or `undefined` when it is fine. Relative, `..` and
 * absolute folders are all accepted (the no-clobber rules are what protect existing files);
 * refused are names that cannot be portable folder names: reserved device names, control
 * characters, segments ending in a dot or space, `<>:"|?*`, `node_modules`, and a literal `~`
 * (the shell did not expand it).
 */
export function checkTargetDir(dir: string): string | undefined {
  if (dir.length === 0) return 'the folder name is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point.
  if (/[\u0000-\u001f]/.test(dir)) return 'it contains control characters';
  const root = /^([a-zA-Z]:[\\/]|[\\/]+)/.exec(dir)?.[0] ?? '';
  const segments = dir
    .slice(root.length)
    .split(/[\\/]+/)
    .filter((s) => s !== '');
  if (segments.includes('~')) return '"~" is not expanded here; pass the folder without it';
  for (const segment of segments) {
    if (segment === '.' || segment === '..') continue;
    if (WINDOWS_RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends with a dot or a space`;
    if (/[<>:"|?*]/.test(segment)) return `"${segment}" contains one of <>:"|?*`;
    if (segment === 'node_modules') return '"node_modules" is reserved for installed packages';
  }
  return undefined;
}

/** The deepest folder `a` and `b` (absolute paths) both lie in. */
function commonAncestor(a: string, b: string): string {
  const pa = a.split(sep);
  const pb = b.split(sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(sep) || sep;
}

/**
 * Check the target folder as soon as it is named, before any other question: it must not lead
 * through a symbolic link below the folder the command runs in (or, for a target outside it,
 * below the folders both share), must not be a file, and must be empty unless `force`.
 * Throws the coded error to show; the project-name step asks again when it can.
 */
export async function checkTargetState(
  cwd: string,
  dir: string,
  targetPath: string,
  force: boolean,
): Promise<void> {
  await refuseLinks(commonAncestor(cwd, targetPath), targetPath, dir);
  const state = await inspectTarget(targetPath);
  if (state.kind === 'not-a-directory') {
    throw createError(scaffoldErrors.SCAFFOLD_PATH_UNSAFE, {
      dir,
      detail: 'a file with that name exists',
    });
  }
  if (state.kind === 'not-empty' && !force) {
    throw createError(scaffoldErrors.SCAFFOLD_TARGET_NOT_EMPTY, {
      dir,
      entries: listSome(state.entries),
    });
  }
}

const MAX_LISTED = 8;

/** At most eight items, then how many more. */
export const listSome = (items: readonly string[]): string =>
  items.length <= MAX_LISTED
    ? items.join(', ')
    : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;

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
    entries = readdirSync(path);
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
