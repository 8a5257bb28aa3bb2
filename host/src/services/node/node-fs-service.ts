import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import { createError, type FileStat, pdkErrors } from '@stack-plugin/pdk';
import type { FsService } from '../host-services.js';
import { isInside, normalizeRelative, toRelative } from './_fs-paths.js';
import { createWorkspaceGuard, type PinnedDir, realpathOfNearest } from './_workspace-guard.js';
import { toFsError } from './to-fs-error.js';

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

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

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
export function createNodeFsService(options: NodeFsServiceOptions): FsService {
  const { target, pinDir } = createWorkspaceGuard(options);

  /** Runs `fn` on `path`'s last component, reached through its pinned parent folder. */
  const inParent = async <T>(
    operation: string,
    path: string,
    fn: (entry: string, dir: PinnedDir, rel: string) => Promise<T>,
  ): Promise<T> => {
    let rel = path;
    try {
      rel = normalizeRelative(path);
      if (rel === '') {
        throw createError(pdkErrors.FS_OPERATION_FAILED, {
          path: '.',
          operation,
          reason: 'the workspace root itself cannot be used this way',
        });
      }
      const parent = posix.dirname(rel);
      await target(rel, path, operation === 'write' || operation === 'rm');
      const dir = await pinDir(parent === '.' ? '' : parent, path);
      try {
        return await fn(`${dir.via}/${posix.basename(rel)}`, dir, rel);
      } finally {
        await dir.handle.close();
      }
    } catch (error) {
      throw toFsError(error, operation, rel);
    }
  };

  const statOf = async (path: string): Promise<FileStat> => {
    const rel = normalizeRelative(path);
    if (rel === '') {
      const dir = await pinDir('', path);
      try {
        return toFileStat(await dir.handle.stat());
      } finally {
        await dir.handle.close();
      }
    }
    return inParent('stat', path, async (entry) => toFileStat(await lstat(entry)));
  };

  return {
    async realpath(path) {
      const rel = normalizeRelative(path);
      const { root, abs } = await target(rel, path);
      let real: string;
      try {
        real = await realpathOfNearest(abs);
      } catch (error) {
        throw toFsError(error, 'realpath', rel);
      }
      if (!isInside(root, real)) {
        throw createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
          path,
          detail: 'a symbolic link leads out of it',
        });
      }
      const canonical = toRelative(root, real);
      await target(canonical, path);
      return canonical === '' ? '.' : canonical;
    },

    readFile: (path) =>
      inParent('read', path, async (entry, _dir, rel) => {
        await options.beforeOpen?.(rel);
        // O_NONBLOCK: opening a FIFO planted in the workspace must not hang the host.
        const handle = await open(entry, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
        try {
          if (!(await handle.stat()).isFile()) {
            throw createError(pdkErrors.FS_OPERATION_FAILED, {
              path: rel,
              operation: 'read',
              reason: 'it is not a regular file',
            });
          }
          const data = await handle.readFile();
          return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        } finally {
          await handle.close();
        }
      }),

    writeFile: (path, data) =>
      inParent('write', path, async (entry, dir, rel) => {
        const existing = await lstat(entry).catch(() => undefined);
        if (existing?.isSymbolicLink())
          throw createError(pdkErrors.FS_SYMLINK_REFUSED, { path: rel });
        if (existing?.isDirectory()) {
          throw createError(pdkErrors.FS_OPERATION_FAILED, {
            path: rel,
            operation: 'write',
            reason: 'it is a folder (EISDIR)',
          });
        }
        await options.beforeOpen?.(rel);
        const temp = `${dir.via}/.${basename(rel).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`;
        const handle = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
        try {
          try {
            await handle.writeFile(data);
            if (existing !== undefined) await handle.chmod(existing.mode & 0o7777);
            await handle.sync();
          } finally {
            await handle.close();
          }
          // rename never follows a link at the destination: it replaces the entry itself.
          await rename(temp, entry);
        } catch (error) {
          await unlink(temp).catch(() => {});
          throw error;
        }
        await dir.handle.sync();
      }),

    async readdir(path) {
      let rel = path;
      try {
        rel = normalizeRelative(path);
        const dir = await pinDir(rel, path);
        try {
          return (await readdir(dir.via)).sort();
        } finally {
          await dir.handle.close();
        }
      } catch (error) {
        throw toFsError(error, 'readdir', rel);
      }
    },

    stat: statOf,

    async exists(path) {
      try {
        await statOf(path);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'FS_NOT_FOUND') return false;
        throw error;
      }
    },

    async mkdir(path, { recursive }) {
      const rel = normalizeRelative(path);
      if (rel === '') {
        if (recursive) return;
        throw createError(pdkErrors.FS_OPERATION_FAILED, {
          path: '.',
          operation: 'mkdir',
          reason: 'it already exists (EEXIST)',
        });
      }
      const parts = recursive
        ? rel.split('/').map((_, i, all) => all.slice(0, i + 1).join('/'))
        : [rel];
      for (const part of parts) {
        await inParent('mkdir', part, async (entry) => {
          try {
            await mkdir(entry);
          } catch (error) {
            const found =
              recursive && (error as NodeJS.ErrnoException).code === 'EEXIST'
                ? await lstat(entry)
                : undefined;
            if (found?.isSymbolicLink())
              throw createError(pdkErrors.FS_SYMLINK_REFUSED, { path: part });
            if (!found?.isDirectory()) throw error;
          }
        });
      }
    },

    rm: (path, { recursive }) =>
      inParent('rm', path, async (entry, dir, rel) => {
        const found = await lstat(entry);
        if (!found.isDirectory()) return unlink(entry);
        if (!recursive) {
          throw createError(pdkErrors.FS_OPERATION_FAILED, {
            path: rel,
            operation: 'rm',
            reason: 'it is a folder; pass recursive',
          });
        }
        // Move the tree out of reach of its old name first; then delete it at leisure.
        const doomed = `${dir.via}/.stack-rm-${randomBytes(6).toString('hex')}`;
        await rename(entry, doomed);
        await rm(doomed, { recursive: true, force: true });
      }),
  };
}

function toFileStat(s: {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}): FileStat {
  return { size: s.size, isFile: s.isFile(), isDirectory: s.isDirectory(), mtimeMs: s.mtimeMs };
}
