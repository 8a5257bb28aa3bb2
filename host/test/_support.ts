import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createError } from '@stack-plugin/pdk';
import { afterEach, beforeEach } from 'vitest';
import {
  createHost,
  type Host,
  type HostServices,
  type IsolationLevel,
  type LogRecord,
  type NetServiceRequest,
} from '../src/index.js';

/** Folder of a fixture plugin. */
export const fixture = (name: string): string =>
  join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name);

/**
 * Runs a TypeScript file of the host's sources under plain Node (the services-state-crash
 * fixture's loader resolves `.js` imports to the `.ts` beside them), stdout piped for the test
 * to read: a real process the test may SIGKILL.
 */
export function spawnSource(
  script: string,
  args: readonly string[],
): {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<NodeJS.Signals | null>;
  stderr: () => string;
} {
  const register = fixture('services-state-crash/register.mjs');
  const child = spawn(process.execPath, ['--import', register, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
  });
  return { child, exited, stderr: () => stderr };
}

/** The fixed time the test clock reports. */
export const NOW = 1_700_000_000_000;

/** In-memory services with the knobs the host tests need. */
export interface TestServices extends HostServices {
  readonly logs: LogRecord[];
  readonly files: Map<string, Uint8Array>;
  readonly fetched: string[];
}

/**
 * In-memory services: files in a map (with `links` standing for symlinks: path -> real path,
 * `null` for a link that leaves the workspace), DNS answers in `dns`, redirects in `redirects`.
 */
export function testServices(
  options: {
    files?: Record<string, string>;
    links?: Record<string, string | null>;
    dns?: Record<string, string>;
    redirects?: Record<string, string>;
    env?: Record<string, string>;
    secrets?: Record<string, string>;
  } = {},
): TestServices {
  const files = new Map<string, Uint8Array>(
    Object.entries(options.files ?? {}).map(([k, v]) => [k, new TextEncoder().encode(v)]),
  );
  const links = options.links ?? {};
  const logs: LogRecord[] = [];
  const fetched: string[] = [];
  const state = new Map<string, unknown>();
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return {
    logs,
    files,
    fetched,
    fs: {
      async realpath(path) {
        if (!(path in links)) return path;
        const target = links[path];
        if (target === null || target === undefined)
          throw new Error(`${path} leaves the workspace`);
        return target;
      },
      async readFile(path) {
        const data = files.get(path);
        if (data === undefined) throw missing(path);
        return data;
      },
      async writeFile(path, data) {
        files.set(path, data);
      },
      async readdir(path) {
        const prefix = path === '.' ? '' : `${path}/`;
        return [...files.keys()]
          .filter((f) => f.startsWith(prefix))
          .map((f) => f.slice(prefix.length));
      },
      async stat(path) {
        const data = files.get(path);
        if (data === undefined) throw missing(path);
        return { size: data.byteLength, isFile: true, isDirectory: false, mtimeMs: NOW };
      },
      async exists(path) {
        return files.has(path);
      },
      async mkdir() {},
      async rm(path) {
        files.delete(path);
      },
    },
    net: {
      async fetch(request: NetServiceRequest) {
        let url = new URL(request.url);
        for (let hop = 0; hop < 5; hop++) {
          // Like the real service: resolve, ask, and refuse private answers unless allowed.
          const address =
            options.dns?.[url.hostname] ?? (isIP(url.hostname) ? url.hostname : undefined);
          const decision = request.authorize(url, address);
          if (
            address !== undefined &&
            /^(127\.|10\.|169\.254\.|192\.168\.)/.test(address) &&
            decision?.allowPrivate !== true
          ) {
            throw new Error(`blocked private address ${address}`);
          }
          fetched.push(url.href);
          const next = options.redirects?.[url.href];
          if (next === undefined) break;
          url = new URL(next);
        }
        return { url: url.href, status: 200, ok: true, headers: {}, body: `body of ${url.href}` };
      },
    },
    exec: {
      async run(command, args, execOptions) {
        return {
          exitCode: 0,
          stdout: `${command} ${args.join(' ')} in ${execOptions.cwd}`,
          stderr: '',
        };
      },
    },
    env: { get: (name) => options.env?.[name] },
    secrets: { get: async (name) => options.secrets?.[name] },
    state: {
      get: async (scope, key) => state.get(`${scope}/${key}`),
      set: async (scope, key, value) => {
        state.set(`${scope}/${key}`, value);
      },
      delete: async (scope, key) => {
        state.delete(`${scope}/${key}`);
      },
      keys: async (scope) =>
        [...state.keys()]
          .filter((k) => k.startsWith(`${scope}/`))
          .map((k) => k.slice(scope.length + 1)),
    },
    clock: {
      now: () => NOW,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
    logger: { write: (record) => void logs.push(record) },
  };
}

/** A temporary folder, removed by the returned `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-host-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a plugin package into `dir/<folder>`; returns its folder. */
export async function writePlugin(
  dir: string,
  folder: string,
  plugin: {
    name?: string;
    version?: string;
    manifest?: Record<string, unknown>;
    code?: string;
    keywords?: string[];
  },
): Promise<string> {
  const target = join(dir, folder);
  await mkdir(target, { recursive: true });
  await writeFile(
    join(target, 'package.json'),
    JSON.stringify({
      name: plugin.name ?? folder,
      version: plugin.version ?? '1.0.0',
      description: 'Host test plugin',
      type: 'module',
      main: 'index.js',
      engines: { node: '>=22.12' },
      keywords: plugin.keywords ?? ['stack-plugin'],
    }),
  );
  await writeFile(
    join(target, 'stack-plugin.json'),
    JSON.stringify({ host: '^1.0.0', category: 'integration', ...plugin.manifest }),
  );
  await writeFile(join(target, 'index.js'), plugin.code ?? 'export default { activate() {} };\n');
  return target;
}

/** An error from the catalog, for whole-object comparisons. */
export const catalogError = createError;

/**
 * Per test: a temporary folder holding one plugin (written by {@link writePlugin} into
 * `folder`) and a stack.config.json naming it. `start(level)` starts a host over it that runs
 * the plugin at `level` at least (`policy.minIsolation`); the host is stopped and the folder
 * removed after each test.
 */
export function onePluginPerTest(folder: string, plugin: Parameters<typeof writePlugin>[2]) {
  let dir: string;
  let cleanup: () => Promise<void>;
  let host: Host | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    await writePlugin(dir, folder, plugin);
    await writeFile(
      join(dir, 'stack.config.json'),
      JSON.stringify({ plugins: [{ path: folder }] }),
    );
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await cleanup();
  });
  return {
    async start(level: IsolationLevel): Promise<Host> {
      const started = createHost({
        root: dir,
        services: testServices(),
        env: {},
        policy: { minIsolation: level },
      });
      host = started;
      await started.start();
      return started;
    },
  };
}
