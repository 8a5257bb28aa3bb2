import { type Dirent, type FSWatcher, watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Options of {@link watchTree}. */
export interface WatchTreeOptions {
  /** Paths (relative to the root, `/`-separated) not to report; folders not to descend into. */
  readonly ignore: (path: string) => boolean;
  /** Called with the `/`-separated relative path of each changed entry. */
  readonly onChange: (path: string) => void;
}

/**
 * Watches a folder tree, one non-recursive watcher per folder. Why not `fs.watch` with
 * `recursive: true`: on Linux, Node implements it with a watcher per file, which loses a file
 * as soon as an editor saves it by writing a copy and renaming it over the original (the
 * "safe write" of VS Code, vim and others); a folder's watcher sees every entry it holds.
 * Folders created later are picked up on the next rename event. Returns a function that
 * closes every watcher.
 */
export async function watchTree(root: string, options: WatchTreeOptions): Promise<() => void> {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const add = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event, name) => {
        if (name === null) return;
        const path = relative(root, join(dir, String(name)))
          .split(sep)
          .join('/');
        if (options.ignore(path)) return;
        if (event === 'rename') void sync();
        options.onChange(path);
      });
    } catch {
      return; // removed meanwhile: the next sync settles it
    }
    // A watched folder that disappears reports an error; without a listener it would crash.
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
  };

  const scan = async (dir: string, found: Set<string>) => {
    found.add(dir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(dir, entry.name))
        .filter((sub) => !options.ignore(relative(root, sub).split(sep).join('/')))
        .map((sub) => scan(sub, found)),
    );
  };

  let syncing: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    syncing ??= (async () => {
      const found = new Set<string>();
      await scan(root, found);
      for (const [dir, watcher] of watchers) {
        if (!found.has(dir)) {
          watcher.close();
          watchers.delete(dir);
        }
      }
      for (const dir of found) add(dir);
    })().finally(() => {
      syncing = undefined;
    });
    return syncing;
  };

  await sync();
  return () => {
    closed = true;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
