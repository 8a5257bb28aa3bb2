import { lstatSync, type Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import { scaffoldErrors } from './scaffold-errors.js';

/** Whether anything (a file, a folder, a link, even a dangling one) is at `path`. */
export const exists = async (path: string): Promise<boolean> =>
  lstatSync(path, { throwIfNoEntry: false }) !== undefined;

/** A symbolic link on the way to a path, and the real path it leads to. */
export interface LinkFound {
  readonly at: string;
  readonly to: string;
}

/**
 * The first existing component of `path` strictly below `base` (and `path` itself) that is a
 * symbolic link, or `undefined`. Components that do not exist yet end the walk: whatever is
 * created there is a real folder.
 */
export async function findLink(base: string, path: string): Promise<LinkFound | undefined> {
  const rest = relative(base, path);
  if (rest === '') return undefined;
  let current = base;
  for (const part of rest.split(sep)) {
    current = join(current, part);
    let stats: Stats | undefined;
    try {
      stats = lstatSync(current, { throwIfNoEntry: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) {
      const to = await realpath(current).catch(() => 'a path that does not exist');
      return { at: current, to };
    }
  }
  return undefined;
}

/**
 * Refuse (`SCAFFOLD_PATH_UNSAFE`) when a component of `path` below `base` is a symbolic link:
 * writing through it would put files somewhere other than the folder the user named.
 */
export async function refuseLinks(base: string, path: string, shown = path): Promise<void> {
  const found = await findLink(base, path);
  if (found === undefined) return;
  throw createError(scaffoldErrors.SCAFFOLD_PATH_UNSAFE, {
    dir: shown,
    detail: `${found.at} is a symbolic link to ${found.to}, and files are never written through links; pass the real folder instead`,
  });
}
