/** A symbolic link in a {@link FileTree}: `symlink('data/real.txt')`. */
export interface SymlinkSpec {
  /** Where the link points: relative to the link's folder, or absolute. */
  readonly symlink: string;
}

/** What one entry of a {@link FileTree} holds: text, bytes, an empty folder (`null`) or a link. */
export type FileContent = string | Uint8Array | null | SymlinkSpec;

/**
 * Files of a test workspace. Keys are POSIX paths relative to the workspace root; a value
 * that is a plain object (not a link) is a nested folder, so `{ 'a/b.txt': 'x' }` and
 * `{ a: { 'b.txt': 'x' } }` describe the same tree.
 */
export interface FileTree {
  readonly [path: string]: FileContent | FileTree;
}

/**
 * A flat, sorted view of a workspace for snapshots: path -> text (UTF-8 files), bytes (other
 * files), `null` (empty folder) or `{ symlink }` (link, not followed).
 */
export type FileTreeSnapshot = Record<string, string | Uint8Array | null | SymlinkSpec>;

/** A symbolic link entry for a {@link FileTree}. */
export function symlink(target: string): SymlinkSpec {
  return { symlink: target };
}

/** Whether an entry of a {@link FileTree} is a link. */
export function isSymlinkSpec(value: unknown): value is SymlinkSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    typeof (value as { symlink?: unknown }).symlink === 'string' &&
    Object.keys(value).length === 1
  );
}

/** Flattens nested folders into `relative/path -> content`, keeping the given order. */
export function flattenFileTree(tree: FileTree, prefix = ''): Array<[string, FileContent]> {
  const out: Array<[string, FileContent]> = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = joinRelative(prefix, key);
    if (
      value === null ||
      typeof value === 'string' ||
      value instanceof Uint8Array ||
      isSymlinkSpec(value)
    ) {
      out.push([path, value]);
    } else {
      const nested = flattenFileTree(value, path);
      // An empty nested object is an empty folder, like `null`.
      out.push(...(nested.length === 0 ? [[path, null] as [string, FileContent]] : nested));
    }
  }
  return out;
}

function joinRelative(prefix: string, key: string): string {
  const trimmed = key.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return prefix === '' ? trimmed : `${prefix}/${trimmed}`;
}
