/**
 * The canonical file list of a plugin package: which files the integrity manifest covers, how
 * their paths are written and in what order. Pure; shared by `stack-plugin pack/verify` and the
 * host so both always judge the same set of files.
 */

/** Name of the integrity manifest at the package root. It covers every file but itself. */
export const INTEGRITY_FILE = 'stack-plugin.integrity.json';

// Control characters would let a path forge extra lines in the signed payload.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why `path` cannot be a canonical path, or `undefined` when it is one. Canonical paths are
 * relative to the package root, use `/` separators, and have no empty, `.` or `..` segment,
 * no backslash and no control character.
 */
export function checkCanonicalPath(path: string): string | undefined {
  if (path.length === 0) return 'the path is empty';
  if (CONTROL.test(path)) return 'the path contains a control character';
  if (path.includes('\\')) return 'the path contains a backslash';
  if (path.startsWith('/')) return 'the path is absolute';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      return `the path has a "${segment}" segment`;
    }
  }
  return undefined;
}

/**
 * Whether a package file belongs to the canonical list: every file except the integrity
 * manifest itself. A nested `node_modules/` is covered like any other folder: Node resolves
 * imports from it first, so files injected there would run unverified. `stack-plugin pack`
 * refuses bundled dependencies, so a verified package never lists one, and any found there is
 * `INTEGRITY_UNEXPECTED_FILE`.
 */
export function isCoveredPath(path: string): boolean {
  return path !== INTEGRITY_FILE;
}

/**
 * Order of the canonical list: by the UTF-8 bytes of the path, so every language sorts the
 * same way (JavaScript's default sort compares UTF-16 units, which differs above U+FFFF).
 */
export function compareCanonicalPaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
