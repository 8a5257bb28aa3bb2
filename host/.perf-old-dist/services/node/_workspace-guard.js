import { constants } from 'node:fs';
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import { isInside } from './_fs-paths.js';
const { O_RDONLY, O_NOFOLLOW, O_DIRECTORY } = constants;
/**
 * Confines paths to the workspace root: maps canonical relative paths to absolute ones
 * (refusing reserved folders) and opens folders by descriptor, checking that the folder held
 * is exactly the one named, so later lookups through it cannot be redirected by a swap.
 */
export function createWorkspaceGuard(options) {
    // Resolved on first use, so creating the service never touches the disk.
    let rootPromise;
    let reservedPromise;
    const rootReady = () => {
        rootPromise ??= realpath(resolve(options.root));
        return rootPromise;
    };
    const reservedReady = () => {
        reservedPromise ??= Promise.all((options.reserved ?? []).map((dir) => realpathOfNearest(resolve(dir))));
        return reservedPromise;
    };
    let procFd;
    const useProc = () => {
        procFd ??=
            options.procFd !== undefined
                ? Promise.resolve(options.procFd)
                : rootReady().then(async (root) => {
                    const handle = await open(root, O_RDONLY | O_DIRECTORY);
                    try {
                        return (await readlink(`/proc/self/fd/${handle.fd}`)) === root;
                    }
                    catch {
                        return false;
                    }
                    finally {
                        await handle.close();
                    }
                });
        return procFd;
    };
    /** Canonical absolute path of `rel`, after the reserved-folder check. */
    const target = async (rel, path) => {
        const root = await rootReady();
        const abs = rel === '' ? root : join(root, rel);
        for (const reserved of await reservedReady()) {
            if (isInside(reserved, abs))
                throw createError('FS_PATH_RESERVED', { path });
        }
        return { root, abs };
    };
    const pinDir = async (rel, path) => {
        const { root, abs } = await target(rel, path);
        let handle;
        try {
            handle = await open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        }
        catch (error) {
            const code = error.code;
            if (code === 'ELOOP' || code === 'ENOTDIR') {
                const link = await lstat(abs).catch(() => undefined);
                if (link?.isSymbolicLink()) {
                    const leadsTo = await realpath(abs).catch(() => abs);
                    throw isInside(root, leadsTo)
                        ? createError('FS_SYMLINK_REFUSED', { path })
                        : createError('FS_PATH_OUTSIDE_ROOT', {
                            path,
                            detail: 'a symbolic link leads out of it',
                        });
                }
            }
            throw error;
        }
        try {
            const proc = await useProc();
            const actual = proc ? await readlink(`/proc/self/fd/${handle.fd}`) : await realpath(abs);
            if (actual !== abs) {
                throw isInside(root, actual)
                    ? createError('FS_SYMLINK_REFUSED', { path })
                    : createError('FS_PATH_OUTSIDE_ROOT', {
                        path,
                        detail: 'a symbolic link leads out of it',
                    });
            }
            if (!proc) {
                const [held, named] = await Promise.all([handle.stat(), stat(abs)]);
                if (held.dev !== named.dev || held.ino !== named.ino) {
                    throw createError('FS_SYMLINK_REFUSED', { path, detail: 'changed while it was opened' });
                }
            }
            return { via: proc ? `/proc/self/fd/${handle.fd}` : abs, handle };
        }
        catch (error) {
            await handle.close();
            throw error;
        }
    };
    return { rootReady, target, pinDir };
}
/** Real path of `abs`, or of its nearest existing ancestor plus the missing rest. */
export async function realpathOfNearest(abs) {
    const rest = [];
    let current = abs;
    for (;;) {
        try {
            return join(await realpath(current), ...rest);
        }
        catch (error) {
            const code = error.code;
            const parent = dirname(current);
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current)
                throw error;
            rest.unshift(basename(current));
            current = parent;
        }
    }
}
//# sourceMappingURL=_workspace-guard.js.map