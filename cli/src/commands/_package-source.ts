import { readFile, stat } from 'node:fs/promises';
import { createError, type PackageContents, readPackageDir } from '@stack-plugin/pdk';
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
    throw createError('BAD_USAGE', { detail: `${path} does not exist` }, { cause: error });
  });
  if (info.isDirectory()) return { kind: 'dir', path, contents: await readPackageDir(path) };
  let entries: TarEntry[];
  try {
    entries = readTarball(await readFile(path));
  } catch (error) {
    const why = (error as Error).message;
    throw createError(
      'BAD_USAGE',
      { detail: `${path} is not a package folder or tarball (${why})` },
      { cause: error },
    );
  }
  const contents = new Map<string, Uint8Array | null>();
  // A duplicated path in an archive would let the second copy win at extraction; refuse both
  // by recording it as a non-file.
  for (const entry of entries)
    contents.set(entry.path, contents.has(entry.path) ? null : entry.content);
  return { kind: 'tarball', path, contents, entries };
}
