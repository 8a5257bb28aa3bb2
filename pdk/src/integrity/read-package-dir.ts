import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageContents } from './verify-integrity.js';

/**
 * Read an installed (or extracted) package folder as {@link PackageContents}: every entry under
 * it, a nested `node_modules/` included (Node would load from it), keyed by canonical path. Symbolic links are not
 * followed: they are recorded as `null` (never matching a hash), so a link cannot smuggle in
 * content from elsewhere. The folder itself may be a link (npm workspaces link packages).
 */
export async function readPackageDir(dir: string): Promise<PackageContents> {
  const root = await realpath(dir);
  const contents = new Map<string, Uint8Array | null>();
  await walk(root, '');
  return contents;

  async function walk(absolute: string, relative: string): Promise<void> {
    const entries = await readdir(absolute, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        const full = join(absolute, entry.name);
        if (entry.isDirectory()) {
          await walk(full, path);
        } else if (entry.isFile()) {
          contents.set(path, await readFile(full));
        } else {
          // Re-check with lstat: readdir's type can be unknown on some file systems.
          const stat = await lstat(full);
          if (stat.isDirectory()) await walk(full, path);
          else contents.set(path, stat.isFile() ? await readFile(full) : null);
        }
      }),
    );
  }
}
