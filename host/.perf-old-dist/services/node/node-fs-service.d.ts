import type { FsService } from '../host-services.js';
/** Options of {@link createNodeFsService}. */
export interface NodeFsServiceOptions {
    /** The workspace root; every path is relative to its real path. */
    readonly root: string;
    /** Absolute folders or files inside the root it refuses to touch (state folder, secrets file). */
    readonly reserved?: readonly string[];
    /**
     * Pin folders through `/proc/self/fd` (Linux). Default: detected. With `false`, the service
     * falls back to re-checking real paths and device/inode numbers after each open, which
     * narrows but does not close the check-then-use window.
     */
    readonly procFd?: boolean;
    /**
     * Testing seam: runs after a path's folder is pinned and checked, right before the file
     * itself is opened, so tests can swap files and folders at the worst moment.
     */
    readonly beforeOpen?: (path: string) => void | Promise<void>;
}
/**
 * The real file-system adapter, confined to the workspace root.
 *
 * Every operation takes a canonical workspace-relative path (what {@link FsService.realpath}
 * returns) and refuses, with `FS_SYMLINK_REFUSED`, one that passes through a symbolic link.
 * It opens the path's folder by descriptor, checks through `/proc/self/fd` that the folder
 * opened is exactly the one named (so a folder swapped for a link between the broker's check
 * and this call is caught), then reaches the last component through that descriptor with
 * `O_NOFOLLOW`. Writes go to a temporary file in the same folder, are fsynced and renamed over
 * the target, and the folder is fsynced. Errors name workspace-relative paths only.
 *
 * Known limits: a hard link inside the workspace to a file outside it is read like any file
 * (hard links cannot be told apart from the original); a recursive `rm` walks the subtree by
 * path, so a process outside the host that swaps a sub-folder for a link mid-walk can redirect
 * it (the top folder is renamed away first, which narrows this).
 */
export declare function createNodeFsService(options: NodeFsServiceOptions): FsService;
//# sourceMappingURL=node-fs-service.d.ts.map