import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CapabilityRecord, Host, HostPluginEntry, IsolationLevel } from '@stack-plugin/host';
import { toErrorJson } from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import { formatErrorTree } from '../_format-error.js';
import { formatBuildError } from '../build/_format-build-report.js';
import type { WatchOutcome } from '../build/watch-plugin.js';
import { DEV_PROMPT_HELP, type DevRequest, parseDevLine } from './dev-prompt.js';

/** Options of {@link startDevSession}. */
export interface DevSessionOptions {
  /** The plugin project (the folder with stack-plugin.json). */
  readonly dir: string;
  /** The workspace the dev host runs in (fs permissions are relative to it); default a new temp folder. */
  readonly workspace?: string;
  /**
   * A dev host config (stack.config.json): the entry whose path is the plugin gives its
   * config; other entries load beside it. Default `<dir>/stack.config.json` when present.
   */
  readonly configFile?: string;
  /** The plugin's config, over the one from the config file. */
  readonly pluginConfig?: Record<string, unknown>;
  /** Raise the plugin's isolation (never below what its manifest declares). */
  readonly isolation?: IsolationLevel;
  /** Environment for the host (env and secrets). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Quiet time after the last change before rebuilding (default 30 ms). */
  readonly debounceMs?: number;
  /** Where output goes: results and status to `out`, logs, denials and errors to `err`. */
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color?: boolean;
}

/** One rebuild and swap, as reported to {@link DevSession.onReload} listeners. */
export interface DevReload {
  readonly ok: boolean;
  /** 1 for the first load, then one more per successful swap. */
  readonly generation: number;
  readonly buildMs: number;
  readonly swapMs: number;
  readonly error?: unknown;
}

/** A running dev host with the plugin loaded and its sources watched. */
export interface DevSession {
  readonly host: Host;
  readonly workspace: string;
  /** The plugin's package name (after the first successful build). */
  readonly plugin: string | undefined;
  /** Runs one prompt line; resolves false when it asked to quit. */
  handle(line: string): Promise<boolean>;
  /** Called after every build and swap attempt. Returns off(). */
  onReload(listener: (reload: DevReload) => void): () => void;
  /** Stops watching and the host. */
  stop(): Promise<void>;
}

/**
 * Builds the plugin, loads it into a real host (its declared isolation, a scratch workspace,
 * the dev config), then rebuilds on every change of its sources or manifest and hot-swaps the
 * new code in: calls that reached the old code finish there, new calls go to the new code, so
 * none is lost. Logs, events, permission denials and audit lines are printed as they happen.
 * Resolves after the first build and load (whether or not they succeeded).
 */
export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  const dir = resolve(options.dir);
  const workspace =
    options.workspace ?? (await mkdtemp(join(tmpdir(), 'stack-plugin-dev-workspace-')));
  await mkdir(workspace, { recursive: true });
  const [{ createHost, loadHostConfig }, { watchPlugin }] = await Promise.all([
    import('@stack-plugin/host'),
    import('../build/watch-plugin.js'),
  ]);

  const configFile =
    options.configFile ??
    (existsSync(join(dir, 'stack.config.json')) ? join(dir, 'stack.config.json') : undefined);
  const others: HostPluginEntry[] = [];
  let fileConfig: Record<string, unknown> | undefined;
  let workflows: unknown[] | undefined;
  if (configFile !== undefined) {
    const loaded = await loadHostConfig(dir, configFile);
    workflows = loaded.config.workflows as unknown[] | undefined;
    for (const entry of loaded.config.plugins) {
      const path = entry.path === undefined ? undefined : resolve(loaded.baseDir, entry.path);
      if (path === dir) fileConfig = entry.config;
      else others.push(path === undefined ? entry : { ...entry, path });
    }
  }
  const pluginConfig = { ...fileConfig, ...options.pluginConfig };

  const host = createHost({
    root: workspace,
    config: {
      plugins: others,
      ...(workflows === undefined ? {} : { workflows: workflows as never }),
    },
    env: { ...options.env },
    services: {
      logger: {
        write(record) {
          if (record.level === 'debug') return;
          const data = record.data === undefined ? '' : ` ${JSON.stringify(record.data)}`;
          options.err(`[${record.level}] ${record.plugin ?? 'host'}: ${record.message}${data}\n`);
        },
      },
    },
  });
  await host.start();
  host.events.on('**', (event) => {
    options.err(
      `[event] ${event.topic} from ${event.source}: ${JSON.stringify(event.payload ?? null)}\n`,
    );
  });

  let plugin: string | undefined;
  let generation = 0;
  let reloads = 0;
  let auditSeen = 0;
  const listeners = new Set<(reload: DevReload) => void>();
  const printAudit = () => {
    const records = host.audit();
    // The log is a ring buffer: past its capacity, show the newest records only.
    const fresh = records.slice(Math.min(auditSeen, records.length));
    auditSeen = records.length;
    for (const record of fresh) options.err(`${auditLine(record)}\n`);
  };
  const auditTimer = setInterval(printAudit, 200);
  auditTimer.unref();

  // The CLI's own error form (code, message, hint, inner errors), with plugin text escaped:
  // a plugin's error message reaches the author's terminal.
  const colors = createColors(options.color === true);
  const describeError = (error: unknown) => formatErrorTree(toErrorJson(error).error, colors);
  const swap = async (outcome: WatchOutcome): Promise<DevReload> => {
    if (!outcome.ok) {
      options.err(formatBuildError(outcome.error, options.color === true));
      options.err('Build failed: still serving the previous code.\n');
      return { ok: false, generation, buildMs: 0, swapMs: 0, error: outcome.error };
    }
    const buildMs = outcome.result.durationMs;
    const started = performance.now();
    try {
      const name = outcome.result.plugin ?? plugin;
      if (name === undefined || host.plugin(name) === undefined) {
        const status = await host.load(
          { path: dir },
          {
            config: pluginConfig,
            ...(options.isolation === undefined ? {} : { isolation: options.isolation }),
          },
        );
        plugin = status.name;
      } else {
        plugin = name;
        await host.reload(name);
        if (host.plugin(name)?.state !== 'active') await host.enable(name);
        reloads += 1;
      }
      generation += 1;
      const swapMs = performance.now() - started;
      const status = host.plugin(plugin);
      options.out(
        `${generation === 1 ? 'Loaded' : 'Reloaded'} ${plugin} ${status?.version ?? ''} (${status?.isolation ?? '?'} isolation): build ${Math.round(buildMs)} ms, swap ${Math.round(swapMs)} ms\n`,
      );
      return { ok: true, generation, buildMs, swapMs };
    } catch (error) {
      options.err(describeError(error));
      options.err(
        plugin === undefined || host.plugin(plugin) === undefined
          ? 'The plugin is not loaded: fix it and save; it loads on the next build.\n'
          : 'The new code did not start: still serving the previous code.\n',
      );
      return { ok: false, generation, buildMs, swapMs: performance.now() - started, error };
    }
  };

  const controller = new AbortController();
  let first: (() => void) | undefined;
  const firstDone = new Promise<void>((done) => {
    first = done;
  });
  let queue = Promise.resolve();
  /** Swaps one build in, one at a time, in the order builds finished. */
  const enqueue = (outcome: WatchOutcome): Promise<void> => {
    queue = queue.then(async () => {
      const reload = await swap(outcome);
      printAudit();
      for (const listener of listeners) listener(reload);
      first?.();
      first = undefined;
    });
    return queue;
  };
  const watching = watchPlugin(dir, {
    signal: controller.signal,
    debounceMs: options.debounceMs ?? 30,
    onBuild: (outcome) => void enqueue(outcome),
  });
  await firstDone;
  options.out(`Workspace: ${workspace}\nWatching ${dir} (type "help" for commands)\n`);

  const session: DevSession = {
    host,
    workspace,
    get plugin() {
      return plugin;
    },
    async handle(line) {
      const request = parseDevLine(line);
      try {
        const keepGoing = await perform(request);
        return keepGoing;
      } catch (error) {
        options.err(`${describeError(error)}${servedHere(host, error)}`);
        return true;
      } finally {
        printAudit();
      }
    },
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      clearInterval(auditTimer);
      controller.abort();
      await watching;
      await queue;
      await host.stop();
    },
  };

  async function perform(request: DevRequest): Promise<boolean> {
    switch (request.kind) {
      case 'empty':
        return true;
      case 'quit':
        return false;
      case 'help':
        options.out(`${DEV_PROMPT_HELP}\n`);
        return true;
      case 'invalid':
        options.err(`${request.detail} (type "help")\n`);
        return true;
      case 'status': {
        const status = plugin === undefined ? undefined : host.plugin(plugin);
        if (status === undefined) {
          options.out('The plugin is not loaded yet.\n');
          return true;
        }
        options.out(
          `${JSON.stringify(
            {
              plugin: status.name,
              version: status.version,
              state: status.state,
              isolation: status.isolation,
              reloads,
              permissions: status.permissions,
              workspace,
              ...(status.error === undefined ? {} : { error: toErrorJson(status.error).error }),
            },
            null,
            2,
          )}\n`,
        );
        return true;
      }
      case 'reload': {
        const { buildPlugin } = await import('../build/build-plugin.js');
        await enqueue(
          await buildPlugin(dir).then(
            (result): WatchOutcome => ({ ok: true, result }),
            (error: unknown): WatchOutcome => ({ ok: false, error }),
          ),
        );
        return true;
      }
      case 'run':
        printResult(await host.execute(request.id, request.input, { caller: 'dev' }));
        return true;
      case 'invoke':
        printResult(
          await host.invoke(request.contribution as never, request.id, request.input, {
            caller: 'dev',
          }),
        );
        return true;
      case 'workflow': {
        const result = await host.runWorkflow(request.id, request.input);
        printResult(result);
        return true;
      }
    }
  }

  function printResult(value: unknown): void {
    options.out(`${JSON.stringify(value ?? null, null, 2)}\n`);
  }

  return session;
}

/** One audit record as a line: denials stand out. */
export function auditLine(record: CapabilityRecord): string {
  const needs =
    record.permission === undefined
      ? ''
      : ` (${record.allowed ? 'by' : 'needs'} ${record.permission})`;
  return `[${record.allowed ? 'audit' : 'denied'}] ${record.plugin}: ${record.capability}.${record.method} ${record.target}${needs}`;
}

/**
 * For a call to something nothing serves, what the dev host does serve, as the prompt takes
 * it: bare command ids, and `invoke <kind> <id>` for the other kinds.
 */
function servedHere(host: Host, error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code !== 'UNKNOWN_COMMAND' && code !== 'CONTRIBUTION_NOT_FOUND') return '';
  const served = host
    .contributions()
    .filter((c) => c.state === 'available' && c.ref !== undefined)
    .map((c) => (c.kind === 'commands' ? c.id : `invoke ${c.kind} ${c.id}`));
  return served.length === 0
    ? '  This dev host serves nothing yet.\n'
    : `  This dev host serves: ${served.join(', ')}\n`;
}
