import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write `content` to `file` through a temporary file in the same folder and one rename, so a
 * reader (tsc, a starting host, an editor) sees the old file or the new one, never half of
 * either, and a killed run leaves the old file intact. The folder must exist unless
 * `createFolder` is set: a config path in a missing folder is an error, not a new folder.
 */
export async function writeAtomically(
  file: string,
  content: string,
  options: { readonly createFolder?: boolean } = {},
): Promise<void> {
  if (options.createFolder === true) await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
