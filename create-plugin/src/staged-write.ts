import {
  constants,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { copyFile, link, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createError, isStackPluginError } from '@stack-plugin/pdk/errors';
import { listFiles } from './file-plan.js';
import { exists, refuseLinks } from './safe-path.js';
import { scaffoldErrors } from './scaffold-errors.js';
import { type Journal, removeEmptyUpTo, STAGING_PREFIX } from './stale-staging.js';
import type { UndoLog } from './undo-log.js';

/** A change staged by {@link stageChange}, moved into place and waiting to be kept. */
export interface StagedChange {
  /** Keep the change: forget how to undo it and remove the staging folder and its journal. */
  commit(): Promise<void>;
}

/** What {@link stageChange} needs besides the target and the writer. */
export interface StageOptions {
  /** How to take the change back if it fails or is interrupted (the run's undo log). */
  readonly undo: UndoLog;
  /**
   * Files inside the target the caller changes after the staged files are in place; their
   * bytes are saved in the journal first so that even a killed run can be taken back.
   */
  readonly preserve?: readonly string[];
  /** Test hook (`CREATE_STACK_PLUGIN_TEST_HOOK`): stop half-way through moving files in. */
  readonly pauseMidMove?: boolean;
}

function writeJournal(staging: string, journal: Journal): void {
  // Written whole, then renamed: a kill leaves the previous journal or the new one, never half.
  const temporary = join(staging, 'journal.json.tmp');
  writeFileSync(temporary, JSON.stringify(journal));
  renameSync(temporary, join(staging, 'journal.json'));
}

/**
 * Stage files next to `target` and move them into place as one change that is never left half
 * done. `write` fills a staging folder made beside `target` (same file system); then the staged
 * tree becomes the target in one `rename`, or, when the target already exists, each file is
 * hard-linked in (`link` fails rather than replace: no existing file is ever overwritten).
 * Before anything in an existing target changes, a journal in the staging folder lists what
 * will be added and the saved bytes of `preserve`: a failure or a signal undoes the change
 * through `undo`, and a run killed outright is undone by the next one
 * ({@link recoverStaleStaging}). Folders are made with the user's umask. Nothing is written
 * through a symbolic link. Call `commit` once the change is meant to stay.
 */
export async function stageChange(
  target: string,
  write: (stagingDir: string) => Promise<void>,
  options: StageOptions,
): Promise<StagedChange> {
  const { undo } = options;
  let staging = '';
  let kept: string | undefined;
  try {
    const parent = dirname(target);
    // The parent folder usually exists: the staging folder is made first, the parents only
    // when that fails for want of them.
    staging = stagingPath(target);
    let createdParent: string | undefined;
    try {
      mkdirSync(staging);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      createdParent = mkdirSync(parent, { recursive: true });
      const top = createdParent;
      if (top !== undefined) undo.add(() => removeEmptyUpTo(parent, top));
      mkdirSync(staging);
    }
    const stagingDir = staging;
    undo.add(() => rmSync(stagingDir, { recursive: true, force: true }));
    const journal: Journal = {
      target,
      ...(createdParent === undefined ? {} : { createdParent }),
      created: [],
      createdDirs: [],
      backups: {},
    };
    // A new target with no parent folder made: the staging folder is the tree itself and
    // becomes the target in one rename, with no journal (the next run removes a killed run's
    // staging folder, which is all there is to undo). Otherwise the tree goes in `root/` beside
    // a journal: of the parent folders made, and, before an existing target is touched, of
    // what goes into it.
    let root = staging;
    if (createdParent !== undefined || (await exists(target))) {
      if (createdParent !== undefined) writeJournal(staging, journal);
      root = join(staging, 'root');
      mkdirSync(root);
      kept = staging;
    }
    await write(root);
    await refuseLinks(parent, target);
    if (!(await exists(target)) && renameInto(root, target)) {
      undo.add(() => rmSync(target, { recursive: true, force: true }));
    } else {
      if (root === staging) {
        // Someone made the target meanwhile: the tree moves into a staging folder of the
        // journalled layout before anything goes into the target.
        staging = stagingPath(target);
        mkdirSync(staging);
        const moved = staging;
        undo.add(() => rmSync(moved, { recursive: true, force: true }));
        root = join(staging, 'root');
        renameSync(stagingDir, root);
        kept = staging;
      }
      await mergeInto(root, target, staging, journal, options);
    }
  } catch (error) {
    if (isStackPluginError(error)) throw error;
    throw createError(
      scaffoldErrors.SCAFFOLD_WRITE_FAILED,
      { dir: target, detail: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  const leftover = kept;
  return {
    async commit() {
      undo.commit();
      if (leftover !== undefined) rmSync(leftover, { recursive: true, force: true });
    },
  };
}

/**
 * A staging folder's path beside `target`: `.<name><prefix><pid>-<random>`. mkdir, not
 * mkdtemp: mkdtemp makes the folder 0700, and it may become the project folder. The pid keeps
 * runs apart; the random part only has to differ between two folders of one process (mkdir
 * fails rather than reuse one), so no cryptographic randomness is needed (loading node:crypto
 * for it cost milliseconds of every run).
 */
function stagingPath(target: string): string {
  const random = Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
  return join(dirname(target), `.${basename(target)}${STAGING_PREFIX}${process.pid}-${random}`);
}

/** `rename`, or `false` when someone created the target meanwhile. */
function renameInto(root: string, target: string): boolean {
  try {
    renameSync(root, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  }
}

async function mergeInto(
  root: string,
  target: string,
  staging: string,
  journal: Journal,
  { undo, preserve = [], pauseMidMove = false }: StageOptions,
): Promise<void> {
  const files = await listFiles(root);
  const dirs = [...new Set(files.flatMap((f) => ancestors(f)))].sort();
  const createdDirs: string[] = [];
  for (const dir of dirs) {
    if (!(await exists(join(target, dir)))) createdDirs.push(dir);
  }
  const backups: Record<string, string | null> = {};
  for (const rel of preserve) {
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(join(target, rel));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    backups[rel] = bytes === null ? null : bytes.toString('base64');
    const saved = bytes;
    const path = join(target, rel);
    undo.add(() => (saved === null ? rmSync(path, { force: true }) : writeFileSync(path, saved)));
  }
  writeJournal(staging, { ...journal, created: files, createdDirs, backups });
  // Every folder a file goes into must be a real folder inside the target.
  for (const dir of dirs) await refuseLinks(target, join(target, dir));
  for (const dir of createdDirs) {
    const path = join(target, dir);
    try {
      await mkdir(path);
      undo.add(() => rmdirSync(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const conflicts: string[] = [];
  for (const [index, file] of files.entries()) {
    if (pauseMidMove && index === Math.floor(files.length / 2)) {
      process.stderr.write('[test-hook] paused mid-move\n');
      // Keep the event loop alive until a signal arrives: the test is checking the recovery.
      await new Promise(() => setInterval(() => {}, 60_000));
    }
    const from = join(root, file);
    const to = join(target, file);
    try {
      await linkOrCopy(from, to);
      undo.add(() => unlinkSync(to));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') conflicts.push(file);
      else throw error;
    }
  }
  if (conflicts.length > 0) {
    throw createError(scaffoldErrors.SCAFFOLD_FILE_CONFLICT, {
      dir: target,
      files: conflicts.join(', '),
    });
  }
}

/** Hard link (atomic, refuses to replace); a copy that refuses to replace where links fail. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EXDEV' && code !== 'ENOTSUP' && code !== 'EMLINK') {
      throw error;
    }
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}

/** `a/b/c.ts` -> `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
