import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { undoOnFailureOrSignal } from '../_undo-on-signal.js';
import { writeAtomically } from '../_write-atomically.js';
import type { StagedUpgrade } from './upgrade-project.js';

/**
 * Write the staged changes into the project, each file through a temporary file and one
 * rename. The bytes of every file about to change are kept first: a failure, SIGINT or
 * SIGTERM half-way puts every file back as it was (and removes those that were new) before
 * the process ends, so the project is upgraded completely or not at all. `pauseMidWrite` is the
 * test hook `STACK_PLUGIN_TEST_HOOK=pause-mid-write`: it stops after the first file.
 */
export async function applyUpgrade(
  upgrade: StagedUpgrade,
  options: { readonly pauseMidWrite?: boolean } = {},
): Promise<void> {
  const saved = new Map<string, Buffer | undefined>();
  for (const path of upgrade.changes.keys()) {
    saved.set(path, await readFile(join(upgrade.dir, path)).catch(() => undefined));
  }
  const written: string[] = [];
  const restore = () => {
    for (const path of written.splice(0).reverse()) {
      const file = join(upgrade.dir, path);
      const bytes = saved.get(path);
      try {
        if (bytes === undefined) unlinkSync(file);
        else writeFileSync(file, bytes);
      } catch {
        // Best effort: one file that cannot be restored must not keep the others from it.
      }
      // writeAtomically's temporary file, if the signal came between its write and rename.
      rmSync(join(dirname(file), `.${basename(file)}.${process.pid}.tmp`), { force: true });
    }
  };
  await undoOnFailureOrSignal(
    async () => {
      for (const [path, bytes] of upgrade.changes) {
        written.push(path);
        await writeAtomically(join(upgrade.dir, path), bytes.toString('utf8'), {
          createFolder: true,
        });
        if (options.pauseMidWrite === true) {
          process.stderr.write('[test-hook] paused mid-write\n');
          // Keep the event loop alive until a signal arrives: the test is checking the rollback.
          await new Promise(() => setInterval(() => {}, 60_000));
        }
      }
    },
    async () => restore(),
    (text) => process.stderr.write(text),
    { undoing: 'putting every file back...', undone: 'The upgrade was undone, no file changed.' },
  );
}
