import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { isInside } from './_fs-paths.js';

const { O_RDONLY, O_NOFOLLOW, O_DIRECTORY } = constants;

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
export function createWorkspaceGuard(options: WorkspaceGuardOptions) {
  // Resolved on first use, so creating the service never touches the disk.
  let rootPromise: Promise<string> | undefined;
  let reservedPromise: Promise<string[]> | undefined;
  const rootReady = () => {
    rootPromise ??= realpath(resolve(options.root));
    return rootPromise;
  };
  const reservedReady = () => {
    reservedPromise ??= Promise.all(
      (options.reserved ?? []).map((dir) => realpathOfNearest(resolve(dir))),
    );
    return reservedPromise;
  };
  let procFd: Promise<boolean> | undefined;

  const useProc = () => {
    procFd ??=
      options.procFd !== undefined
        ? Promise.resolve(options.procFd)
        : rootReady().then(async (root) => {
            const handle = await open(root, O_RDONLY | O_DIRECTORY);
            try {
              return (await readlink(`/proc/self/fd/${handle.fd}`)) === root;
            } catch {
              return false;
            } finally {
              await handle.close();
            }
          });
    return procFd;
  };

  /**
   * Canonical absolute path of `rel`, after the reserved-folder check. A `change` (write,
   * remove) is also refused on every ancestor of a reserved folder: removing `.stack` or
   * planting a file named `.stack` would take the state folder from under the host.
   */
  const target = async (rel: string, path: string, change = false) => {
    const root = await rootReady();
    const abs = rel === '' ? root : join(root, rel);
    for (const reserved of await reservedReady()) {
      if (isInside(reserved, abs) || (change && isInside(abs, reserved))) {
        throw createError(pdkErrors.FS_PATH_RESERVED, { path });
      }
    }
    return { root, abs };
  };

  const pinDir = async (rel: string, path: string): Promise<PinnedDir> => {
    const { root, abs } = await target(rel, path);
    let handle: FileHandle;
    try {
      handle = await open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'ENOTDIR') {
        const link = await lstat(abs).catch(() => undefined);
        if (link?.isSymbolicLink()) {
          const leadsTo = await realpath(abs).catch(() => abs);
          throw isInside(root, leadsTo)
            ? createError(pdkErrors.FS_SYMLINK_REFUSED, { path })
            : createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
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
          ? createError(pdkErrors.FS_SYMLINK_REFUSED, { path })
          : createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
              path,
              detail: 'a symbolic link leads out of it',
            });
      }
      if (!proc) {
        const [held, named] = await Promise.all([handle.stat(), stat(abs)]);
        if (held.dev !== named.dev || held.ino !== named.ino) {
          throw createError(pdkErrors.FS_SYMLINK_REFUSED, {
            path,
            detail: 'changed while it was opened',
          });
        }
      }
      return { via: proc ? `/proc/self/fd/${handle.fd}` : abs, handle };
    } catch (error) {
      await handle.close();
      throw error;
    }
  };

  return { rootReady, target, pinDir };
}

/** Real path of `abs`, or of its nearest existing ancestor plus the missing rest. */
export async function realpathOfNearest(abs: string): Promise<string> {
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return join(await realpath(current), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error;
      rest.unshift(basename(current));
      current = parent;
    }
  }
}
