import { constants, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createError, isStackPluginError } from '@stack-plugin/pdk/errors';
import { listFiles } from './file-plan.js';

/** Prefix of the staging folders; anything with it next to a target is ours. */
export const STAGING_PREFIX = '.stack-tmp-';

/**
 * Undo actions, run last-in first-out. They are synchronous on purpose: a signal handler must
 * finish them before the process exits, with no event-loop turn to rely on.
 */
export class UndoLog {
  readonly #actions: Array<() => void> = [];
  /** Remember how to undo one change. */
  add(action: () => void): void {
    this.#actions.push(action);
  }
  /** Undo every change remembered, newest first, and forget them. */
  run(): void {
    for (const action of this.#actions.reverse().splice(0)) {
      try {
        action();
      } catch {
        // Best effort: one stuck entry must not keep the others from being removed.
      }
    }
  }
}

const exists = async (path: string) =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );

/**
 * While `work` runs, SIGINT and SIGTERM run `undo` and exit (130 or 143) instead of leaving a
 * change half-done. Returns what `work` returns.
 */
export async function withSignalUndo<T>(undo: UndoLog, work: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    undo.run();
    process.stderr.write(`\nInterrupted (${signal}). Nothing was written.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Write a project without ever leaving half of it behind. `write` fills a staging folder made
 * next to `target` (same file system, so the final move is a rename); then the staging folder
 * becomes the target in one `rename`, or, when the target already exists, its files are copied
 * in with exclusive create so no existing file can be overwritten. Any failure, SIGINT or
 * SIGTERM removes the staging folder, every file already moved, and any parent folder made
 * for the target.
 *
 * With a `shared` undo log the caller owns the transaction: the moves are recorded there (so a
 * later failure can take them back too) and the caller guards signals and runs the undo.
 */
export async function writeStaged(
  target: string,
  write: (stagingDir: string) => Promise<void>,
  shared?: UndoLog,
): Promise<void> {
  const undo = shared ?? new UndoLog();
  const work = async () => {
    const parent = dirname(target);
    const createdParent = await mkdir(parent, { recursive: true });
    if (createdParent !== undefined) {
      undo.add(() => rmSync(createdParent, { recursive: true, force: true }));
    }
    const stagingDir = await mkdtemp(join(parent, `.${basename(target)}${STAGING_PREFIX}`));
    undo.add(() => rmSync(stagingDir, { recursive: true, force: true }));
    await write(stagingDir);
    await moveIntoPlace(stagingDir, target, undo);
    await rm(stagingDir, { recursive: true, force: true });
  };
  try {
    await (shared === undefined ? withSignalUndo(undo, work) : work());
  } catch (error) {
    if (shared === undefined) undo.run();
    if (isStackPluginError(error)) throw error;
    throw createError(
      'SCAFFOLD_WRITE_FAILED',
      { dir: target, detail: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
}

async function moveIntoPlace(staging: string, target: string, undo: UndoLog): Promise<void> {
  if (!(await exists(target))) {
    try {
      await rename(staging, target);
      undo.add(() => rmSync(target, { recursive: true, force: true }));
      return;
    } catch (error) {
      // Someone created the target meanwhile: fall through to the careful merge.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  }
  const conflicts: string[] = [];
  for (const file of await listFiles(staging)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = join(target, ...parts.slice(0, i));
      try {
        await mkdir(dir);
        undo.add(() => rmdirSync(dir));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const destination = join(target, ...parts);
    try {
      // COPYFILE_EXCL fails instead of replacing: the guarantee that nothing is overwritten.
      await copyFile(join(staging, ...parts), destination, constants.COPYFILE_EXCL);
      undo.add(() => unlinkSync(destination));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') conflicts.push(file);
      else throw error;
    }
  }
  if (conflicts.length > 0) {
    throw createError('SCAFFOLD_FILE_CONFLICT', { dir: target, files: conflicts.join(', ') });
  }
}
