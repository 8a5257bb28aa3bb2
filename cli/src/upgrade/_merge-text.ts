import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './_git.js';

/** The outcome of a three-way merge of one file. */
export interface MergedText {
  readonly text: string;
  /** How many conflicts are left in `text` as standard markers. */
  readonly conflicts: number;
}

/** Labels shown after the conflict markers. */
const MERGE_LABELS = { ours: 'yours', base: 'template {from}', theirs: 'template {to}' };

/**
 * Merge the template's change (`base` -> `theirs`) into the author's file (`ours`) with
 * `git merge-file`: git's own merge, so conflicts carry the markers editors and `git
 * mergetool` know (`<<<<<<< yours`, `=======`, `>>>>>>> template <version>`).
 */
export async function mergeText(
  ours: string,
  base: string,
  theirs: string,
  labels: { readonly from: string; readonly to: string },
): Promise<MergedText> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-plugin-merge-'));
  try {
    const files = { ours: join(dir, 'ours'), base: join(dir, 'base'), theirs: join(dir, 'theirs') };
    await Promise.all([
      writeFile(files.ours, ours),
      writeFile(files.base, base),
      writeFile(files.theirs, theirs),
    ]);
    const args = [
      'merge-file',
      '-p',
      '-L',
      MERGE_LABELS.ours,
      '-L',
      MERGE_LABELS.base.replace('{from}', labels.from),
      '-L',
      MERGE_LABELS.theirs.replace('{to}', labels.to),
      files.ours,
      files.base,
      files.theirs,
    ];
    const { code, stdout, stderr } = await runGit(args);
    // The exit status is the number of conflicts; a negative one (255 here) is a failure.
    if (code === null || code < 0 || code > 127) {
      throw new Error(`git merge-file failed (exit ${code}): ${stderr.trim()}`);
    }
    return { text: stdout, conflicts: code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
