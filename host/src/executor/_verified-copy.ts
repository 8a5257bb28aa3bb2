import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

/** A private copy of a plugin's verified files, to import instead of the original folder. */
export interface VerifiedCopy {
  /** Absolute path of the entry module inside the copy. */
  readonly entry: string;
  /** Deletes the copy. */
  remove(): Promise<void>;
}

/**
 * Write the verified bytes of a plugin into a fresh private folder (random name, mode 0700)
 * beside the original, and point at its entry. Importing from there runs exactly the bytes
 * that were hashed, however the original files change afterwards. Beside the original (not
 * in the system temp folder) so bare imports resolve through the same parent `node_modules`
 * folders; a nested `node_modules` of the plugin is refused by verification anyway.
 *
 * Chosen over `module.registerHooks`, which would serve the bytes without touching the disk:
 * test runners (vitest) load modules through their own runner and skip Node's hooks, so the
 * hook would silently not apply where plugins are tested, and Node before 22.15 lacks it.
 */
export async function writeVerifiedCopy(
  dir: string,
  entry: string,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<VerifiedCopy> {
  const real = await realpath(dir);
  const prefix = `.stack-plugin-verified-${basename(real)}-`;
  const copy = await mkdtemp(join(dirname(real), prefix)).catch(() =>
    // A read-only install folder: fall back to the temp folder (bare imports may then fail).
    mkdtemp(join(tmpdir(), prefix)),
  );
  const remove = () => rm(copy, { recursive: true, force: true });
  try {
    for (const [path, bytes] of files) {
      const target = join(copy, path);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, bytes, { mode: 0o600, flag: 'wx' });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { entry: join(copy, relative(real, await realpath(entry))), remove };
}
