import { relative, sep } from 'node:path';
import { isStackPluginError } from '@stack-plugin/pdk';
import { type FSWatcher, watch } from 'chokidar';
import type { Host, PluginWatch, WatchedReload, WatchPluginsOptions } from './host-types.js';

/** Folders inside a plugin that are not its installed files. */
const IGNORED_SEGMENTS = new Set(['node_modules', '.git']);

/** Per plugin: its folder, the changes not yet reloaded, and the reload chain. */
interface Watched {
  readonly dir: string;
  readonly changes: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<void>;
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
 * first release reloaded. chokidar watches each folder, re-adds replaced files and folders
 * (the plugin folder itself included), and collapses unlink + add into one change.
 */
export async function watchPlugins(
  host: Host,
  options: WatchPluginsOptions = {},
): Promise<PluginWatch> {
  const debounceMs = options.debounceMs ?? 300;
  const wanted = options.plugins === undefined ? undefined : new Set(options.plugins);
  const plugins = new Map<string, Watched>();
  const byDir = new Map<string, string>();
  let closed = false;

  const initial = host
    .plugins()
    .filter((status) => wanted === undefined || wanted.has(status.name));
  for (const status of initial) track(status.name, status.dir);
  const watcher: FSWatcher = watch([...byDir.keys()], {
    ignoreInitial: true,
    ignored: (path: string) => {
      const dir = ownerDir(path);
      if (dir === undefined) return false;
      return relative(dir, path)
        .split(sep)
        .some((segment) => IGNORED_SEGMENTS.has(segment));
    },
  });
  // An error of the watcher (a folder unreadable for a moment) must not crash the host.
  watcher.on('error', () => {});
  watcher.on('all', (_event, path) => {
    const dir = ownerDir(path);
    const name = dir === undefined ? undefined : byDir.get(dir);
    if (dir === undefined || name === undefined) return;
    changed(name, relative(dir, path).split(sep).join('/'));
  });

  /** The watched plugin folder that holds `path`. */
  function ownerDir(path: string): string | undefined {
    for (const dir of byDir.keys()) {
      if (path === dir || path.startsWith(dir + sep)) return dir;
    }
    return undefined;
  }

  function track(name: string, dir: string): boolean {
    if (closed || plugins.has(name) || (wanted !== undefined && !wanted.has(name))) return false;
    plugins.set(name, { dir, changes: new Set(), timer: undefined, running: Promise.resolve() });
    byDir.set(dir, name);
    return true;
  }

  /** A plugin loaded after `watch()`: changes made while its folder is first scanned may be missed. */
  function add(name: string, dir: string): void {
    if (track(name, dir)) watcher.add(dir);
  }

  function remove(name: string): void {
    const entry = plugins.get(name);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    plugins.delete(name);
    byDir.delete(entry.dir);
    void watcher.unwatch(entry.dir);
  }

  function changed(name: string, path: string): void {
    const entry = plugins.get(name);
    if (entry === undefined || closed) return;
    entry.changes.add(path);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      // Reloads of one plugin run one after another; changes seen meanwhile wait their turn.
      entry.running = entry.running.then(() => reload(name, entry));
    }, debounceMs);
  }

  async function reload(name: string, entry: Watched): Promise<void> {
    if (closed || entry.changes.size === 0) return;
    const changes = [...entry.changes].sort();
    entry.changes.clear();
    if (host.plugin(name) === undefined) {
      remove(name);
      return;
    }
    let report: WatchedReload;
    try {
      await host.reload(name);
      report = { plugin: name, ok: true, changes };
    } catch (caught) {
      const error =
        isStackPluginError(caught) || caught instanceof Error ? caught : new Error(String(caught));
      report = { plugin: name, ok: false, error, changes };
    }
    try {
      options.onReload?.(report);
    } catch {
      // A throwing listener is the application's bug; the watch goes on.
    }
  }

  const offState = host.onStateChange((change) => {
    const status = host.plugin(change.plugin);
    if (status === undefined) remove(change.plugin);
    else add(status.name, status.dir);
  });
  // chokidar emits `ready` after its first scan, and never when it was given no path.
  if (byDir.size > 0) await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    watched: () => [...plugins.keys()],
    async close() {
      if (closed) return;
      closed = true;
      offState();
      for (const entry of plugins.values()) clearTimeout(entry.timer);
      await Promise.all([...plugins.values()].map((entry) => entry.running));
      await watcher.close();
    },
  };
}
