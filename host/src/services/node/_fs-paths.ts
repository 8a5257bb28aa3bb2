import { posix, sep } from 'node:path';
import { createError, isStackPluginError } from '@stack-plugin/pdk';

/**
 * Lexically normalises a workspace-relative POSIX path; `''` is the root. Refuses absolute
 * paths, NUL bytes and `..` above the root before anything touches the disk.
 */
export function normalizeRelative(path: string): string {
  if (typeof path !== 'string') {
    throw createError('FS_PATH_OUTSIDE_ROOT', { path: String(path), detail: 'not a string' });
  }
  if (path.includes('\0')) {
    throw createError('FS_PATH_OUTSIDE_ROOT', { path, detail: 'it contains a NUL byte' });
  }
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    throw createError('FS_PATH_OUTSIDE_ROOT', { path, detail: 'absolute paths are refused' });
  }
  const normalized = posix.normalize(path === '' ? '.' : path).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw createError('FS_PATH_OUTSIDE_ROOT', { path, detail: '".." leads above the root' });
  }
  return normalized === '.' ? '' : normalized;
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

const REASONS: Record<string, string> = {
  EACCES: 'permission denied (EACCES)',
  EEXIST: 'it already exists (EEXIST)',
  EISDIR: 'it is a folder (EISDIR)',
  ENOTDIR: 'a part of it is not a folder (ENOTDIR)',
  ENOTEMPTY: 'the folder is not empty (ENOTEMPTY)',
  EPERM: 'operation not permitted (EPERM)',
  ENOSPC: 'no space left on the device (ENOSPC)',
  EROFS: 'the file system is read-only (EROFS)',
};

/**
 * Maps a Node error to a catalog error that names the workspace-relative path only: Node's own
 * messages carry absolute host paths, which plugins must not learn. The original is the cause.
 */
export function toFsError(error: unknown, operation: string, path: string): Error {
  if (isStackPluginError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = path === '' ? '.' : path;
  if (code === 'ENOENT')
    return createError('FS_NOT_FOUND', { path: shown, operation }, { cause: error });
  if (code === 'ELOOP') {
    return createError('FS_SYMLINK_REFUSED', { path: shown }, { cause: error });
  }
  const reason = (code !== undefined && REASONS[code]) || `${code ?? 'unknown error'}`;
  return createError('FS_OPERATION_FAILED', { path: shown, operation, reason }, { cause: error });
}
