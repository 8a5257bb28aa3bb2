import type { FileStat, FsReadCapability } from '@stack-plugin/pdk';
import { type MarkdownNote, readMarkdownNote } from './markdown-note.js';

/** A Markdown file read as a note, with its workspace path (the note's `source`). */
export interface FolderNote extends MarkdownNote {
  readonly path: string;
}

/** What an import reads at most: the step's output crosses to the next step in one payload. */
export const READ_LIMITS = { files: 2000, characters: 4_000_000, fileBytes: 400_000 } as const;

/**
 * Reads every `.md` file under `folder` (sub-folders included, hidden files and folders left
 * out), in path order, as notes. Files that cannot be notes, and those past the limits, are
 * listed in `skipped` with the reason, so one bad file does not stop an import.
 */
export async function readFolder(
  fs: FsReadCapability,
  folder: string,
): Promise<{ files: FolderNote[]; skipped: { path: string; reason: string }[] }> {
  const files: FolderNote[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let characters = 0;
  // A link from a folder to one of its ancestors would loop; notes are never this deep.
  const walk = async (dir: string, depth = 0): Promise<void> => {
    if (depth > 16) {
      skipped.push({ path: dir, reason: 'it is more than 16 folders deep' });
      return;
    }
    for (const name of (await fs.readdir(dir)).sort()) {
      if (name.startsWith('.')) continue;
      const path = `${dir}/${name}`;
      let stat: FileStat;
      try {
        stat = await fs.stat(path);
      } catch (error) {
        // A link out of the folder: the host refuses to follow it, and the import goes on.
        if ((error as { code?: unknown }).code !== 'PERMISSION_DENIED') throw error;
        skipped.push({ path, reason: 'it is a link to a place the plugin may not read' });
        continue;
      }
      if (stat.isDirectory) {
        await walk(path, depth + 1);
        continue;
      }
      if (!stat.isFile || !name.toLowerCase().endsWith('.md')) continue;
      if (files.length >= READ_LIMITS.files) {
        skipped.push({ path, reason: `an import reads at most ${READ_LIMITS.files} files` });
        continue;
      }
      if (stat.size > READ_LIMITS.fileBytes) {
        skipped.push({ path, reason: `it is larger than ${READ_LIMITS.fileBytes} bytes` });
        continue;
      }
      const read = readMarkdownNote(path, await fs.readFile(path));
      if ('reason' in read) {
        skipped.push({ path, reason: read.reason });
        continue;
      }
      if (characters + read.note.body.length > READ_LIMITS.characters) {
        skipped.push({
          path,
          reason: `an import reads at most ${READ_LIMITS.characters} characters; import the rest from a sub-folder`,
        });
        continue;
      }
      characters += read.note.body.length;
      files.push({ path, ...read.note });
    }
  };
  const root = folder.replace(/\/+$/, '');
  const stat = (await fs.exists(root)) ? await fs.stat(root) : undefined;
  if (stat?.isDirectory === true) await walk(root);
  else skipped.push({ path: root, reason: stat ? 'it is not a folder' : 'it does not exist' });
  return { files, skipped };
}
