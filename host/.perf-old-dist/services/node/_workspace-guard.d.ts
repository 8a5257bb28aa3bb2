import { type FileHandle } from 'node:fs/promises';
/** A folder held open by descriptor; `via` names it so later lookups cannot be redirected. */
export interface PinnedDir {
    readonly via: string;
    readonly handle: FileHandle;
}
/** What {@link createWorkspaceGuard} needs. */
export interface WorkspaceGuardOptions {
    readonly root: string;
    readonly reserved?: readonly string[] | undefined;
    readonly procFd?: boolean | undefined;
}
/**
 * Confines paths to the workspace root: maps canonical relative paths to absolute ones
 * (refusing reserved folders) and opens folders by descriptor, checking that the folder held
 * is exactly the one named, so later lookups through it cannot be redirected by a swap.
 */
export declare function createWorkspaceGuard(options: WorkspaceGuardOptions): {
    rootReady: () => Promise<string>;
    target: (rel: string, path: string) => Promise<{
        root: string;
        abs: string;
    }>;
    pinDir: (rel: string, path: string) => Promise<PinnedDir>;
};
/** Real path of `abs`, or of its nearest existing ancestor plus the missing rest. */
export declare function realpathOfNearest(abs: string): Promise<string>;
//# sourceMappingURL=_workspace-guard.d.ts.map