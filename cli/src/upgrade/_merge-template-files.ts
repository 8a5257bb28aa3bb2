import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256, TEMPLATE_RECORD_PATH, type TemplateRecord } from 'create-stack-plugin';
import { mergeText } from './_merge-text.js';

/** What happened to one template file. */
export type FileOutcome = 'replaced' | 'merged' | 'conflicted' | 'added' | 'unchanged' | 'skipped';

/** One template file's outcome, with the reason when it was skipped. */
export interface FileResult {
  readonly path: string;
  readonly outcome: FileOutcome;
  readonly note?: string;
  /** Conflicts left as markers (`conflicted` only). */
  readonly conflicts?: number;
}

/** The three folders a merge reads and writes. */
export interface MergeFolders {
  /** The project as it is (read only). */
  readonly project: string;
  /** The old template version rendered with the project's answers. */
  readonly oldRender: string;
  /** The target version rendered with the same answers. */
  readonly newRender: string;
  /** The staged copy of the project, where results are written. */
  readonly work: string;
}

async function readMaybe(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Decide and stage every template file: untouched since generation (hash as recorded) ->
 * the new render; changed by the author -> three-way merge with the old render as base;
 * deleted by the author -> stays deleted; new in the template -> added unless a file of that
 * name exists; gone from the template -> left as it is. Files in the record that no render
 * holds (written by `create-stack-plugin add`) are not template files and stay.
 */
export async function mergeTemplateFiles(
  record: TemplateRecord,
  oldFiles: ReadonlySet<string>,
  newFiles: ReadonlySet<string>,
  folders: MergeFolders,
  labels: { readonly from: string; readonly to: string },
): Promise<FileResult[]> {
  const paths = [...new Set([...oldFiles, ...newFiles])]
    .filter((p) => p !== TEMPLATE_RECORD_PATH)
    .sort();
  const results: FileResult[] = [];
  for (const path of paths) {
    const recorded = record.files[path];
    const current = await readMaybe(join(folders.project, path));
    const next = newFiles.has(path) ? await readFile(join(folders.newRender, path)) : undefined;
    const base = oldFiles.has(path) ? await readFile(join(folders.oldRender, path)) : undefined;
    const stage = (bytes: Buffer | string) => writeFile(join(folders.work, path), bytes);
    if (next === undefined) {
      results.push({
        path,
        outcome: 'skipped',
        note: 'no longer in the template; yours to keep or delete',
      });
    } else if (current === undefined) {
      if (recorded === undefined) {
        await stageWithFolders(folders.work, path, next);
        results.push({ path, outcome: 'added' });
      } else {
        results.push({ path, outcome: 'skipped', note: 'deleted by you' });
      }
    } else if (current.equals(next)) {
      results.push({ path, outcome: 'unchanged' });
    } else if (recorded === undefined) {
      results.push({
        path,
        outcome: 'skipped',
        note: 'new in the template, but you have a file of that name',
      });
    } else if (sha256(current) === recorded) {
      await stage(next);
      results.push({ path, outcome: 'replaced' });
    } else if (base === undefined || base.equals(next)) {
      // Changed by the author only: theirs as it is.
      results.push({ path, outcome: 'unchanged' });
    } else {
      const merged = await mergeText(
        current.toString('utf8'),
        base.toString('utf8'),
        next.toString('utf8'),
        labels,
      );
      await stage(merged.text);
      results.push(
        merged.conflicts > 0
          ? { path, outcome: 'conflicted', conflicts: merged.conflicts }
          : merged.text === current.toString('utf8')
            ? { path, outcome: 'unchanged' }
            : { path, outcome: 'merged' },
      );
    }
  }
  return results;
}

async function stageWithFolders(work: string, path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(join(work, path)), { recursive: true });
  await writeFile(join(work, path), bytes);
}
