import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import type { CommandIo } from '../command.js';

/** Everything `stack-plugin test` needs to start vitest in a plugin project. */
export interface TestRun {
  /** vitest's bin script, from the project's own install. */
  readonly vitestBin: string;
  /** A generated config when the project has none. */
  readonly configFile: string | undefined;
  /** Runs Node with `args` in the project, forwarding output; resolves with the exit code. */
  spawn(args: readonly string[], io: CommandIo): Promise<number>;
  /** Deletes the generated config. */
  dispose(): Promise<void>;
}

const CONFIG_FILES = ['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((base) =>
  ['ts', 'mts', 'js', 'mjs', 'cts', 'cjs'].map((ext) => `${base}.${ext}`),
);

/**
 * Finds vitest and the harness from the plugin project (falling back to the CLI's own
 * install, as in a monorepo), and writes a default config when the project has none.
 */
export async function prepareTestRun(dir: string): Promise<TestRun> {
  if (!existsSync(join(dir, 'stack-plugin.json'))) throw createError('MANIFEST_NOT_FOUND', { dir });
  const vitestDir = packageDir('vitest', dir);
  if (vitestDir === undefined) throw createError('TEST_RUNNER_NOT_FOUND', { what: 'vitest', dir });
  const vitestBin = join(vitestDir, 'vitest.mjs');
  let configFile: string | undefined;
  let temp: string | undefined;
  if (!CONFIG_FILES.some((file) => existsSync(join(dir, file)))) {
    const harness = harnessSetupFile(dir);
    if (harness === undefined) {
      throw createError('TEST_RUNNER_NOT_FOUND', { what: '@stack-plugin/test-harness', dir });
    }
    temp = await mkdtemp(join(tmpdir(), 'stack-plugin-test-'));
    configFile = join(temp, 'vitest.config.mjs');
    // In a workspace checkout the harness runs from its sources, and so must everything the
    // tests import, or they would get a second (built, maybe stale) copy of it.
    const conditions = harness.fromSource
      ? ['source', 'module', 'node', 'import', 'default']
      : undefined;
    const config = {
      ...(conditions === undefined
        ? {}
        : { resolve: { conditions }, ssr: { resolve: { conditions } } }),
      test: {
        root: dir,
        include: ['test/**/*.{test,spec}.ts', 'src/**/*.{test,spec}.ts'],
        setupFiles: [harness.file],
      },
    };
    await writeFile(configFile, `export default ${JSON.stringify(config, null, 2)};\n`);
  }
  return {
    vitestBin,
    configFile,
    spawn: (args, io) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...args], {
          cwd: dir,
          env: { ...process.env, ...io.env, FORCE_COLOR: io.color ? '1' : '0' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.setEncoding('utf8').on('data', (text: string) => io.stdout(text));
        child.stderr.setEncoding('utf8').on('data', (text: string) => io.stderr(text));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128 + 15)));
      }),
    dispose: async () => {
      if (temp !== undefined) await rm(temp, { recursive: true, force: true });
    },
  };
}

/** The folder of an installed package, looked up from `dir`, then from this CLI. */
function packageDir(name: string, dir: string): string | undefined {
  for (const base of [join(dir, 'package.json'), import.meta.url]) {
    try {
      return dirname(createRequire(base).resolve(`${name}/package.json`));
    } catch {
      // Not installed there; try the next place.
    }
  }
  return undefined;
}

/** The harness's matchers setup file: built when installed, its source in a workspace checkout. */
function harnessSetupFile(dir: string): { file: string; fromSource: boolean } | undefined {
  const harness = packageDir('@stack-plugin/test-harness', dir);
  if (harness === undefined) return undefined;
  const installed = harness.split(sep).includes('node_modules');
  const pkg = JSON.parse(readFileSync(join(harness, 'package.json'), 'utf8')) as {
    exports?: Record<string, { default?: string; source?: string } | string>;
  };
  const entry = pkg.exports?.['./matchers'];
  const candidates =
    typeof entry === 'string'
      ? [entry]
      : installed
        ? [entry?.default, entry?.source]
        : [entry?.source, entry?.default];
  const found = candidates
    .filter((c): c is string => typeof c === 'string')
    .find((c) => existsSync(join(harness, c)));
  if (found === undefined) return undefined;
  return {
    file: join(harness, found),
    fromSource: typeof entry !== 'string' && found === entry?.source,
  };
}
