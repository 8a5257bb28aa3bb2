import { posix } from 'node:path';
import type { FsService } from '@stack-plugin/host';
import { toFsError } from '@stack-plugin/host/internal';
import { createError, type FileStat, normalizeWorkspacePath, pdkErrors } from '@stack-plugin/pdk';
import {
  type FileTree,
  type FileTreeSnapshot,
  flattenFileTree,
  isSymlinkSpec,
} from './file-tree.js';

/**
 * The part of `fs.promises` the file services use. Node's `fs/promises` and memfs's
 * `fs.promises` both provide it, which lets the in-memory and the temp-directory workspace
 * share one implementation of the host's `FsService` contract.
 */
export interface FsPromisesLike {
  realpath(path: string): Promise<unknown>;
  lstat(path: string): Promise<StatsLike>;
  stat(path: string): Promise<StatsLike>;
  open(path: string, flags: number, mode?: number): Promise<FileHandleLike>;
  readdir(path: string): Promise<unknown[]>;
  readlink(path: string): Promise<unknown>;
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  rm(path: string, options: { recursive: boolean }): Promise<void>;
}

interface StatsLike {
  size: number | bigint;
  mtimeMs: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

interface FileHandleLike {
  readFile(): Promise<Uint8Array>;
  writeFile(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The synchronous part of an `fs` module, used to seed and snapshot a workspace. */
export interface FsSyncLike {
  mkdirSync(path: string, options: { recursive: boolean }): unknown;
  writeFileSync(path: string, data: string | Uint8Array): void;
  symlinkSync(target: string, path: string): void;
  readdirSync(path: string): unknown[];
  lstatSync(path: string): StatsLike;
  readlinkSync(path: string): unknown;
  readFileSync(path: string): Uint8Array;
}

/** Open flags, from the backend's own `constants` (memfs and Node agree on Linux values). */
export interface OpenFlags {
  readonly O_RDONLY: number;
  readonly O_WRONLY: number;
  readonly O_CREAT: number;
  readonly O_TRUNC: number;
  readonly O_NOFOLLOW: number;
}

/**
 * Builds the `FsService` of a workspace rooted at `root` (an absolute POSIX path in the
 * backend), with the host's real adapter's contract: paths are workspace-relative; a path
 * that leaves the root fails with FS_PATH_OUTSIDE_ROOT; one that passes through a symbolic
 * link (in any component) fails with FS_SYMLINK_REFUSED; Node errors become FS_NOT_FOUND or
 * FS_OPERATION_FAILED naming the workspace-relative path only.
 */
export function createFsBackedService(
  fsp: FsPromisesLike,
  flags: OpenFlags,
  root: string,
): FsService & { absolute(path: string): string } {
  const relativeOf = (path: string): string => {
    // The host's rule (pdk), so a path the harness accepts is one the real host accepts.
    const normalized = normalizeWorkspacePath(path);
    if ('error' in normalized) {
      throw createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
        path: String(path),
        detail: normalized.error,
      });
    }
    return normalized.path === '.' ? '' : normalized.path;
  };
  const absolute = (path: string): string => {
    const rel = relativeOf(path);
    return rel === '' ? root : posix.join(root, rel);
  };
  const inside = (abs: string): boolean => abs === root || abs.startsWith(`${root}/`);
  const shown = (rel: string): string => (rel === '' ? '.' : rel);

  /** Refuses a path whose folder (and, unless `followLast`, itself) is or passes a link. */
  const unlinked = async (rel: string, lastToo: boolean): Promise<string> => {
    const abs = rel === '' ? root : posix.join(root, rel);
    let folder = rel === '' ? root : posix.dirname(abs);
    let real: string | undefined;
    // The nearest existing folder: a recursive mkdir names folders that do not exist yet.
    while (real === undefined) {
      try {
        real = String(await fsp.realpath(folder));
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT' || folder === root) throw error;
        folder = posix.dirname(folder);
      }
    }
    if (real !== folder) {
      throw inside(real)
        ? createError(pdkErrors.FS_SYMLINK_REFUSED, { path: shown(rel) })
        : createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
            path: shown(rel),
            detail: 'a symbolic link leads out of it',
          });
    }
    if (lastToo && rel !== '') {
      const stats = await fsp.lstat(abs).catch(() => undefined);
      if (stats?.isSymbolicLink())
        throw createError(pdkErrors.FS_SYMLINK_REFUSED, { path: shown(rel) });
    }
    return abs;
  };

  const run = async <T>(
    operation: string,
    path: string,
    fn: (rel: string) => Promise<T>,
  ): Promise<T> => {
    let rel = String(path);
    try {
      rel = relativeOf(path);
      return await fn(rel);
    } catch (error) {
      throw toFsError(error, operation, rel);
    }
  };

  return {
    absolute,
    realpath: (path) =>
      run('realpath', path, async (rel) => {
        let existing = rel === '' ? root : posix.join(root, rel);
        const rest: string[] = [];
        // Resolve the nearest existing ancestor, so paths about to be created resolve too.
        for (;;) {
          try {
            const real = posix.join(String(await fsp.realpath(existing)), ...rest.reverse());
            if (!inside(real)) {
              throw createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
                path: shown(rel),
                detail: 'a symbolic link leads out of it',
              });
            }
            return real === root ? '.' : real.slice(root.length + 1);
          } catch (error) {
            if ((error as { code?: string }).code !== 'ENOENT' || existing === root) throw error;
            rest.push(posix.basename(existing));
            existing = posix.dirname(existing);
          }
        }
      }),
    readFile: (path) =>
      run('read', path, async (rel) => {
        const handle = await fsp.open(await unlinked(rel, true), flags.O_RDONLY | flags.O_NOFOLLOW);
        try {
          return new Uint8Array(await handle.readFile());
        } finally {
          await handle.close();
        }
      }),
    writeFile: (path, data) =>
      run('write', path, async (rel) => {
        const abs = await unlinked(rel, true);
        const handle = await fsp.open(
          abs,
          flags.O_WRONLY | flags.O_CREAT | flags.O_TRUNC | flags.O_NOFOLLOW,
          0o644,
        );
        try {
          await handle.writeFile(data);
        } finally {
          await handle.close();
        }
      }),
    readdir: (path) =>
      run('readdir', path, async (rel) => {
        const names = await fsp.readdir(await unlinked(rel, true));
        return names.map(String).sort();
      }),
    stat: (path) =>
      run('stat', path, async (rel): Promise<FileStat> => {
        const stats = await fsp.lstat(await unlinked(rel, false));
        return {
          size: Number(stats.size),
          isFile: stats.isFile(),
          isDirectory: stats.isDirectory(),
          mtimeMs: Number(stats.mtimeMs),
        };
      }),
    exists: async (path) => {
      try {
        await run('stat', path, async (rel) => fsp.lstat(await unlinked(rel, false)));
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'FS_NOT_FOUND') return false;
        throw error;
      }
    },
    mkdir: (path, options) =>
      run('mkdir', path, async (rel) => {
        if (rel === '' && options.recursive) return;
        await fsp.mkdir(await unlinked(rel, true), { recursive: options.recursive });
      }),
    rm: (path, options) =>
      run('rm', path, async (rel) => {
        if (rel === '') throw Object.assign(new Error('root'), { code: 'EPERM' });
        await fsp.rm(await unlinked(rel, false), { recursive: options.recursive });
      }),
  };
}

/** Creates the folders, files and links of `tree` under `root`. */
export function seedFileTree(fs: FsSyncLike, root: string, tree: FileTree): void {
  fs.mkdirSync(root, { recursive: true });
  for (const [path, content] of flattenFileTree(tree)) {
    const abs = posix.join(root, posix.normalize(path));
    if (!abs.startsWith(`${root}/`)) throw new Error(`"${path}" is outside the workspace root`);
    if (content === null) {
      fs.mkdirSync(abs, { recursive: true });
      continue;
    }
    fs.mkdirSync(posix.dirname(abs), { recursive: true });
    if (isSymlinkSpec(content)) fs.symlinkSync(content.symlink, abs);
    else fs.writeFileSync(abs, content);
  }
}

/** A flat, sorted snapshot of everything under `root`; links are listed, never followed. */
export function snapshotFileTree(fs: FsSyncLike, root: string): FileTreeSnapshot {
  const out: FileTreeSnapshot = {};
  const walk = (abs: string): void => {
    const names = fs.readdirSync(abs).map(String).sort();
    if (names.length === 0 && abs !== root) out[posix.relative(root, abs)] = null;
    for (const name of names) {
      const child = posix.join(abs, name);
      const rel = posix.relative(root, child);
      const stats = fs.lstatSync(child);
      if (stats.isSymbolicLink()) out[rel] = { symlink: String(fs.readlinkSync(child)) };
      else if (stats.isDirectory()) walk(child);
      else out[rel] = decode(new Uint8Array(fs.readFileSync(child)));
    }
  };
  walk(root);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text when the bytes are valid UTF-8, so snapshots stay readable; the bytes otherwise. */
function decode(bytes: Uint8Array): string | Uint8Array {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes;
  }
}
