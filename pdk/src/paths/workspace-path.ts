/** A workspace-relative path after {@link normalizeWorkspacePath}, or why it was refused. */
export type WorkspacePath = { readonly path: string } | { readonly error: string };

/**
 * Normalises a path a plugin gives for the workspace to a relative POSIX path (`.` is the
 * root), or says why it is refused. Absolute paths, drive letters, backslashes, NUL bytes and
 * any `..` segment are refused outright rather than resolved: a path that climbs, even back
 * inside, is never what a well-behaved plugin means, and refusing it keeps permission checks
 * simple to reason about. The one rule for the broker, the host's file and exec services and
 * the test harness's, so a path a test accepts is one the real host accepts. Pure (no
 * `node:path`), so it runs anywhere.
 *
 * @example
 * ```ts
 * import { normalizeWorkspacePath } from '@stack-plugin/pdk';
 *
 * normalizeWorkspacePath('./notes//a.md/'); // { path: 'notes/a.md' }
 * normalizeWorkspacePath('../secrets'); // { error: 'paths may not contain ".."' }
 * ```
 */
export function normalizeWorkspacePath(path: unknown): WorkspacePath {
  if (typeof path !== 'string') return { error: 'a path must be a string' };
  if (path.includes('\0')) return { error: 'the path contains a NUL byte' };
  if (path.includes('\\')) return { error: 'use "/" as the separator' };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return { error: 'paths are relative to the workspace root, not absolute' };
  }
  const segments = path.split('/');
  if (segments.includes('..')) return { error: 'paths may not contain ".."' };
  const kept = segments.filter((s) => s !== '' && s !== '.');
  return { path: kept.length === 0 ? '.' : kept.join('/') };
}
