import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';

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
 * Maps a Node (or memfs) file-system error to the catalog error the host's `fs` capability
 * throws, naming the workspace-relative `path` only (`''` is shown as `.`): Node's own messages
 * carry absolute host paths, which plugins must not learn. The original is the cause; a
 * catalog error passes through unchanged. Other `FsService` adapters use it to fail alike.
 */
export function toFsError(error: unknown, operation: string, path: string): Error {
  if (isStackPluginError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = path === '' ? '.' : path;
  if (code === 'ENOENT')
    return createError(pdkErrors.FS_NOT_FOUND, { path: shown, operation }, { cause: error });
  if (code === 'ELOOP') {
    return createError(pdkErrors.FS_SYMLINK_REFUSED, { path: shown }, { cause: error });
  }
  const reason = (code !== undefined && REASONS[code]) || `${code ?? 'unknown error'}`;
  return createError(
    pdkErrors.FS_OPERATION_FAILED,
    { path: shown, operation, reason },
    { cause: error },
  );
}
