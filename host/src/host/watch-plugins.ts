import { type FSWatcher as NodeWatcher, watch as watchFolder } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { isStackPluginError } from '@stack-plugin/pdk';
import { type FSWatcher, watch } from 'chokidar';
import type { Host, PluginWatch, WatchedReload, WatchPluginsOptions } from './host-types.js';

/** Folders inside a plugin that are not its installed files. */
const IGNORED_SEGMENTS = new Set(['node_modules', '.git']);

/** Per plugin: its folder, the watch of its current incarnation, pending changes, the reload chain. */
interface Watched {
  readonly name: string;
  readonly dir: string;
  readonly changes: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<void>;
  /** The watch of the folder's files, set up on the folder `inode` names. */
  files: FSWatcher | undefined;
  /** Identity of the folder being watched; undefined while it is missing. */
  inode: number | undefined;
}

/**
 * Reloads plugins when their installed files change, through the host's public `reload`: the
 * same hot swap (calls keep being served by the old code until the new one is active) and the
 * same checks (integrity and signatures verified again, the host config re-read) as a reload
 * asked for by hand.
 *
 * Files are watched with chokidar, not `fs.watch(dir, { recursive: true })`: on Linux (Node
 * 24.21 measured) the recursive watcher keeps a watch per file and reports nothing more once a
 * file is unlinked and created again, which is how npm and tar replace files, so only the
 * first release reloaded. chokidar watches each folder and re-adds replaced files and
 * subfolders.
 *
 * A plugin folder replaced whole (renamed away or removed, then created again, as npm does)
 * is not left to chokidar: re-adding a watched root reads the new folder before it watches
 * it, so files written in between were never reported and the plugin could stay on a reload
 * that failed on a half-written folder. Here each plugin has its own chokidar watch, the
 * parent folder is watched (one level) for the plugin's name, and before every reload the
 * folder's inode is compared with the watched one: a new folder gets a new watch, and the
 * reload waits until that watch is ready plus one quiet period, so every file written before
 * is in the reload and every file written after reports a change of its own.
 */
export async function watchPlugins(
  host: Host,
  options: WatchPluginsOptions = {},
): Promise<PluginWatch> {
  const debounceMs = options.debounceMs ?? 300;
  const wanted = options.plugins === undefined ? undefined : new Set(options.plugins);
  const plugins = new Map<string, Watched>();
  const parents = new Map<string, NodeWatcher>();
  let closed = false;

  /** Watches the folder of `entry` as it is now; returns its files (`/`-separated paths). */
  async function arm(entry: Watched): Promise<string[]> {
    const previous = entry.files;
    entry.files = undefined;
    await previous?.close();
    const inode = await stat(entry.dir).then(
      (s) => s.ino,
      () => undefined,
    );
    entry.inode = inode;
    if (inode === undefined || closed || plugins.get(entry.name) !== entry) return [];
    const files = watch(entry.dir, {
      ignoreInitial: true,
      ignored: (path: string) =>
        relative(entry.dir, path)
          .split(sep)
          .some((segment) => IGNORED_SEGMENTS.has(segment)),
    });
    entry.files = files;
    // An error of the watcher (a folder unreadable for a moment) must not crash the host.
    files.on('error', () => {});
    files.on('all', (_event, path) => changed(entry, relative(entry.dir, path)));
    await new Promise<void>((resolve) => files.once('ready', () => resolve()));
    const found: string[] = [];
    for (const [folder, names] of Object.entries(files.getWatched())) {
      for (const name of names) found.push(relative(entry.dir, join(folder, name)));
    }
    return found.filter((path) => path !== '' && !path.startsWith('..'));
  }

  /** Watches the folder holding `dir`, one level deep, for `dir` being replaced. */
  function watchParent(dir: string): void {
    const parent = dirname(dir);
    if (parents.has(parent)) return;
    try {
      const watcher = watchFolder(parent, { persistent: false }, (_event, name) => {
        for (const entry of plugins.values()) {
          if (dirname(entry.dir) === parent && (name === null || name === basename(entry.dir))) {
            changed(entry, '');
          }
        }
      });
      watcher.on('error', () => {});
      parents.set(parent, watcher);
    } catch {
      // A parent that cannot be watched: replacements are still seen on the next file change.
    }
  }

  function track(name: string, dir: string): Watched | undefined {
    if (closed || plugins.has(name) || (wanted !== undefined && !wanted.has(name))) return;
    const entry: Watched = {
      name,
      dir,
      changes: new Set(),
      timer: undefined,
      running: Promise.resolve(),
      files: undefined,
      inode: undefined,
    };
    plugins.set(name, entry);
    watchParent(dir);
    return entry;
  }

  function remove(name: string): void {
    const entry = plugins.get(name);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    plugins.delete(name);
    void entry.files?.close();
    const parent = dirname(entry.dir);
    if (![...plugins.values()].some((other) => dirname(other.dir) === parent)) {
      parents.get(parent)?.close();
      parents.delete(parent);
    }
  }

  /** Records a change (`''` for the folder itself) and restarts the quiet period. */
  function changed(entry: Watched, path: string): void {
    if (closed || plugins.get(entry.name) !== entry) return;
    if (path !== '') entry.changes.add(path.split(sep).join('/'));
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      // Reloads of one plugin run one after another; changes seen meanwhile wait their turn.
      entry.running = entry.running.then(() => settle(entry));
    }, debounceMs);
  }

  /** After a quiet period: follows a replaced folder, or reloads the changes. */
  async function settle(entry: Watched): Promise<void> {
    if (closed || plugins.get(entry.name) !== entry) return;
    const inode = await stat(entry.dir).then(
      (s) => s.ino,
      () => undefined,
    );
    // Gone for now: its return is a change of the parent folder.
    if (inode === undefined) return;
    if (inode !== entry.inode) {
      // A new folder: every file in it is new, and it needs a quiet period under its own watch.
      for (const path of await arm(entry)) entry.changes.add(path.split(sep).join('/'));
      changed(entry, '');
      return;
    }
    if (entry.changes.size > 0) await reload(entry);
  }

  async function reload(entry: Watched): Promise<void> {
    const changes = [...entry.changes].sort();
    entry.changes.clear();
    if (host.plugin(entry.name) === undefined) {
      remove(entry.name);
      return;
    }
    let report: WatchedReload;
    try {
      await host.reload(entry.name);
      report = { plugin: entry.name, ok: true, changes };
    } catch (caught) {
      const error =
        isStackPluginError(caught) || caught instanceof Error ? caught : new Error(String(caught));
      report = { plugin: entry.name, ok: false, error, changes };
    }
    try {
      options.onReload?.(report);
    } catch {
      // A throwing listener is the application's bug; the watch goes on.
    }
  }

  // A refused plugin has nothing to reload (no controller): `load` it again once fixed.
  const initial = host
    .plugins()
    .filter((status) => status.state !== 'refused')
    .filter((status) => wanted === undefined || wanted.has(status.name))
    .flatMap((status) => track(status.name, status.dir) ?? []);
  const offState = host.onStateChange((change) => {
    const status = host.plugin(change.plugin);
    if (status === undefined || status.state === 'refused') return remove(change.plugin);
    // A plugin loaded after `watch()`: changes made while its folder is first scanned may be missed.
    const entry = track(status.name, status.dir);
    if (entry !== undefined) void arm(entry);
  });
  await Promise.all(initial.map(arm));

  return {
    watched: () => [...plugins.keys()],
    async close() {
      if (closed) return;
      closed = true;
      offState();
      for (const entry of plugins.values()) clearTimeout(entry.timer);
      await Promise.all([...plugins.values()].map((entry) => entry.running));
      for (const watcher of parents.values()) watcher.close();
      await Promise.all([...plugins.values()].map((entry) => entry.files?.close()));
    },
  };
}
