/**
 * Normalises a plugin-supplied path to a workspace-relative POSIX path, or returns why it is
 * refused. Absolute paths, drive letters, backslashes, NUL bytes and any `..` segment are
 * refused outright rather than resolved: a path that climbs, even back inside, is never what
 * a well-behaved plugin means, and refusing it keeps the permission check simple to reason about.
 */
export declare function normalizePluginPath(path: unknown): {
    path: string;
} | {
    error: string;
};
//# sourceMappingURL=fs-path.d.ts.map