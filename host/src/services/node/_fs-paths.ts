import { sep } from 'node:path';
import { createError, normalizeWorkspacePath, pdkErrors } from '@stack-plugin/pdk';

/**
 * A workspace-relative POSIX path by pdk's one rule (`normalizeWorkspacePath`), `''` for the
 * root; refused before anything touches the disk.
 */
export function normalizeRelative(path: string): string {
  const normalized = normalizeWorkspacePath(path);
  if ('error' in normalized) {
    throw createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
      path: String(path),
      detail: normalized.error,
    });
  }
  return normalized.path === '.' ? '' : normalized.path;
}

/** Whether absolute `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The workspace-relative POSIX form of absolute `path` (inside `root`); `''` for the root. */
export function toRelative(root: string, path: string): string {
  return path === root
    ? ''
    : path
        .slice(root.length + 1)
        .split(sep)
        .join('/');
}
