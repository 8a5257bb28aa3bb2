import { readdirSync, rmdirSync } from 'node:fs';
import { readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Prefix of the staging folders; `.<target name><prefix><pid>-<random>` next to a target. */
export const STAGING_PREFIX = '.stack-tmp-';

/**
 * What a staged change records in `journal.json` inside its staging folder, before it touches
 * an existing target: enough for a later run to take the change back if this one is killed.
 */
export interface Journal {
  /** Absolute path of the folder the change goes into. */
  readonly target: string;
  /** The topmost parent folder the change created, if it created any. */
  readonly createdParent?: string;
  /** Files (relative to the target) the change adds; each also sits in the staging `root`. */
  readonly created: readonly string[];
  /** Folders (relative to the target) the change makes, parents first. */
  readonly createdDirs: readonly string[];
  /** Bytes (base64) of files the change rewrites, `null` for a file it creates. */
  readonly backups: Readonly<Record<string, string | null>>;
}

/** Remove `from` and its parents up to `top` as long as they are empty. */
export function removeEmptyUpTo(from: string, top: string): void {
  for (let dir = from; dir.length >= top.length; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === top) return;
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether `copy` is still the file that was staged as `staged` (same inode, or same bytes). */
async function unchanged(staged: string, copy: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    stat(staged).catch(() => undefined),
    stat(copy).catch(() => undefined),
  ]);
  if (a === undefined || b === undefined || !b.isFile()) return false;
  if (a.dev === b.dev && a.ino === b.ino) return true;
  if (a.size !== b.size) return false;
  return (await readFile(staged)).equals(await readFile(copy));
}

/**
 * Take back what runs that were killed (SIGKILL, power loss) left next to `target`: every
 * staging folder of a process that is gone is undone from its journal (files it added that
 * are still as it wrote them are removed, folders it made are removed when empty, files it
 * rewrote get their saved bytes back) and then deleted. Staging folders of running processes
 * are left alone. Resolves with one line per undone run, for the user.
 */
export async function recoverStaleStaging(target: string): Promise<string[]> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}${STAGING_PREFIX}`;
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {}
  const notes: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    const staging = join(parent, entry);
    const journal = await readFile(join(staging, 'journal.json'), 'utf8').then(
      (text) => JSON.parse(text) as Journal,
      () => undefined,
    );
    let removed = 0;
    let restored = 0;
    if (journal !== undefined && journal.target === target) {
      for (const file of journal.created) {
        const copy = join(target, file);
        if (await unchanged(join(staging, 'root', file), copy)) {
          await unlink(copy);
          removed++;
        }
      }
      for (const dir of [...journal.createdDirs].reverse()) {
        await rmdir(join(target, dir)).catch(() => undefined);
      }
      for (const [file, bytes] of Object.entries(journal.backups)) {
        const path = join(target, file);
        if (bytes === null) await rm(path, { force: true });
        else await writeFile(path, Buffer.from(bytes, 'base64'));
        restored++;
      }
    }
    await rm(staging, { recursive: true, force: true });
    if (journal?.createdParent !== undefined) removeEmptyUpTo(parent, journal.createdParent);
    notes.push(
      `Undid an interrupted earlier run: removed its staging folder ${entry}` +
        (removed + restored > 0
          ? `, the ${removed} file(s) it had added and restored the ${restored} it had changed in ${target}.`
          : '.'),
    );
  }
  return notes;
}
