import { posix } from 'node:path';
/**
 * Normalises a plugin-supplied path to a workspace-relative POSIX path, or returns why it is
 * refused. Absolute paths, drive letters, backslashes, NUL bytes and any `..` segment are
 * refused outright rather than resolved: a path that climbs, even back inside, is never what
 * a well-behaved plugin means, and refusing it keeps the permission check simple to reason about.
 */
export function normalizePluginPath(path) {
    if (typeof path !== 'string')
        return { error: 'a path must be a string' };
    if (path.includes('\0'))
        return { error: 'the path contains a NUL byte' };
    if (path.includes('\\'))
        return { error: 'use "/" as the separator' };
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
        return { error: 'paths are relative to the workspace root, not absolute' };
    }
    if (path.split('/').includes('..'))
        return { error: 'paths may not contain ".."' };
    const normalized = posix.normalize(path === '' ? '.' : path).replace(/\/+$/, '');
    return { path: normalized === '' ? '.' : normalized };
}
//# sourceMappingURL=fs-path.js.map