/**
 * Lexically normalises a workspace-relative POSIX path; `''` is the root. Refuses absolute
 * paths, NUL bytes and `..` above the root before anything touches the disk.
 */
export declare function normalizeRelative(path: string): string;
/** Whether absolute `path` is `dir` or inside it. */
export declare function isInside(dir: string, path: string): boolean;
/** The workspace-relative POSIX form of absolute `path` (inside `root`); `''` for the root. */
export declare function toRelative(root: string, path: string): string;
//# sourceMappingURL=_fs-paths.d.ts.map