import { readFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { MANIFEST_FILE } from '@stack-plugin/pdk';
import { PLUGIN_TYPES_FILE } from '../typegen/render-plugin-types.js';
import { watchTree } from './_watch-tree.js';
import { type BuildPluginOptions, type BuildResult, buildPlugin } from './build-plugin.js';
import { resolveOutfile } from './resolve-build-entry.js';

/** The outcome of one build in watch mode. */
export type WatchOutcome =
  | { readonly ok: true; readonly result: BuildResult }
  | { readonly ok: false; readonly error: unknown };

/** Options of {@link watchPlugin}. */
export interface WatchPluginOptions extends BuildPluginOptions {
  /** Stops watching when aborted; {@link watchPlugin} then resolves. */
  readonly signal: AbortSignal;
  /** Called after every build, successful or not. */
  readonly onBuild: (outcome: WatchOutcome) => void;
  /** Quiet time after the last change before rebuilding (editors save in bursts). */
  readonly debounceMs?: number;
}

// Never rebuild for what builds write themselves (or for installs and VCS churn).
const IGNORED = /(?:^|[/\\])(?:node_modules|\.git)(?:[/\\]|$)|\.tmp$/;

/**
 * Build the plugin, then rebuild whenever a file of the plugin folder changes (sources,
 * stack-plugin.json, package.json), one build at a time, until `signal` aborts. A failed build
 * is reported through `onBuild` and watching goes on.
 */
export async function watchPlugin(dir: string, options: WatchPluginOptions): Promise<void> {
  const root = resolve(dir);
  const { signal, onBuild, debounceMs = 60, ...buildOptions } = options;
  if (signal.aborted) return;
  let outputs = new Set<string>();
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // What builds write (and the folders holding it), known before a build starts, since its
  // own writes are reported while it runs.
  const refreshOutputs = async () => {
    const read = async (file: string) =>
      JSON.parse(await readFile(join(root, file), 'utf8').catch(() => 'null')) as unknown;
    let outfile = 'index.js';
    try {
      outfile = resolveOutfile(await read(MANIFEST_FILE), await read('package.json'));
    } catch {
      // unreadable JSON: the build reports it; keep the default
    }
    outputs = new Set([PLUGIN_TYPES_FILE, outfile, `${outfile}.map`]);
    for (const file of [...outputs]) {
      for (let dir = posix.dirname(file); dir !== '.' && dir !== '/'; dir = posix.dirname(dir)) {
        outputs.add(dir);
      }
    }
  };

  const run = async (): Promise<void> => {
    do {
      again = false;
      await refreshOutputs();
      try {
        onBuild({ ok: true, result: await buildPlugin(root, buildOptions) });
      } catch (error) {
        onBuild({ ok: false, error });
      }
    } while (again && !signal.aborted);
    running = undefined;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (signal.aborted) return;
      if (running === undefined) running = run();
      else again = true;
    }, debounceMs);
  };

  const close = await watchTree(root, {
    ignore: (path) => IGNORED.test(path) || outputs.has(path),
    onChange: schedule,
  });
  await new Promise<void>((done) => {
    const stop = () => {
      clearTimeout(timer);
      close();
      // Let a build in progress finish so nothing is left half-written.
      void (running ?? Promise.resolve()).then(() => done());
    };
    signal.addEventListener('abort', stop, { once: true });
    running = run();
    if (signal.aborted) stop();
  });
}
