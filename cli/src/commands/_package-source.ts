import { readFile, stat } from 'node:fs/promises';
import {
  createError,
  isStackPluginError,
  type PackageContents,
  readPackageDir,
} from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
import { readTarball, type TarEntry } from './_tarball.js';

/** A package to verify or sign: an extracted folder or a tarball. */
export type PackageSource =
  | { readonly kind: 'dir'; readonly path: string; readonly contents: PackageContents }
  | {
      readonly kind: 'tarball';
      readonly path: string;
      readonly contents: PackageContents;
      readonly entries: readonly TarEntry[];
    };

/** Read `path` as a package folder, or as a tarball when it is a file. */
export async function readPackageSource(path: string): Promise<PackageSource> {
  const info = await stat(path).catch((error: unknown) => {
    throw createError(cliErrors.BAD_USAGE, { detail: `${path} does not exist` }, { cause: error });
  });
  if (info.isDirectory()) return { kind: 'dir', path, contents: await readPackageDir(path) };
  let entries: TarEntry[];
  try {
    entries = readTarball(await readFile(path));
  } catch (error) {
    // The reader's TARBALL_INVALID stays visible, with its own code and hint.
    throw createError(
      cliErrors.BAD_USAGE,
      { detail: `${path} is not a package folder or tarball` },
      { cause: error, ...(isStackPluginError(error) ? { errors: [error] } : {}) },
    );
  }
  // readTarball refuses duplicated paths, so the map holds exactly the archive's files.
  const contents = new Map<string, Uint8Array | null>(entries.map((e) => [e.path, e.content]));
  return { kind: 'tarball', path, contents, entries };
}
