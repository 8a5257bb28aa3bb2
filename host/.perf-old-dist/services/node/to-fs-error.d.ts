/**
 * Maps a Node (or memfs) file-system error to the catalog error the host's `fs` capability
 * throws, naming the workspace-relative `path` only (`''` is shown as `.`): Node's own messages
 * carry absolute host paths, which plugins must not learn. The original is the cause; a
 * catalog error passes through unchanged. Other `FsService` adapters use it to fail alike.
 */
export declare function toFsError(error: unknown, operation: string, path: string): Error;
//# sourceMappingURL=to-fs-error.d.ts.map