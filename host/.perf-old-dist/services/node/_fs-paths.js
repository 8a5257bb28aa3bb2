import { posix, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk';
/**
 * Lexically normalises a workspace-relative POSIX path; `''` is the root. Refuses absolute
 * paths, NUL bytes and `..` above the root before anything touches the disk.
 */
export function normalizeRelative(path) {
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
export function isInside(dir, path) {
    return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
/** The workspace-relative POSIX form of absolute `path` (inside `root`); `''` for the root. */
export function toRelative(root, path) {
    return path === root
        ? ''
        : path
            .slice(root.length + 1)
            .split(sep)
            .join('/');
}
//# sourceMappingURL=_fs-paths.js.map