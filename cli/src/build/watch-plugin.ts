import { watch } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { PLUGIN_TYPES_FILE } from '../typegen/render-plugin-types.js';
import { type BuildPluginOptions, type BuildResult, buildPlugin } from './build-plugin.js';

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
  let written = new Set<string>([PLUGIN_TYPES_FILE]);
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    do {
      again = false;
      try {
        const result = await buildPlugin(root, buildOptions);
        written = new Set([result.typegen.file, ...result.files.map((f) => f.path)]);
        onBuild({ ok: true, result });
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

  await new Promise<void>((done) => {
    const watcher = watch(root, { recursive: true }, (_event, name) => {
      if (name === null) return schedule();
      const path = String(name).split(sep).join('/');
      if (IGNORED.test(path) || written.has(path)) return;
      if (relative(root, resolve(root, path)).startsWith('..')) return;
      schedule();
    });
    const stop = () => {
      clearTimeout(timer);
      watcher.close();
      // Let a build in progress finish so nothing is left half-written.
      void (running ?? Promise.resolve()).then(() => done());
    };
    signal.addEventListener('abort', stop, { once: true });
    running = run();
  });
}
