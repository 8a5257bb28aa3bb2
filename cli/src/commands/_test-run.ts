import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
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

const EXTENSIONS = ['ts', 'mts', 'js', 'mjs', 'cts', 'cjs'];
/** Project configs `stack-plugin test` extends with the harness setup (vitest's lookup order). */
const OWN_CONFIG_FILES = ['vitest.config', 'vite.config'].flatMap((base) =>
  EXTENSIONS.map((ext) => `${base}.${ext}`),
);
const CONFIG_FILES = [...OWN_CONFIG_FILES, ...EXTENSIONS.map((ext) => `vitest.workspace.${ext}`)];

type HarnessSetup = { file: string; fromSource: boolean };

/**
 * In a workspace checkout the harness runs from its sources, and so must everything the tests
 * import, or they would get a second (built, maybe stale) copy of it.
 */
function sourceConditions(harness: HarnessSetup) {
  if (!harness.fromSource) return undefined;
  const conditions = ['source', 'module', 'node', 'import', 'default'];
  return { resolve: { conditions }, ssr: { resolve: { conditions } } };
}

/** A config for a project without one: its tests, and the harness matchers. */
function defaultConfig(dir: string, harness: HarnessSetup): string {
  const config = {
    ...sourceConditions(harness),
    test: {
      root: dir,
      include: ['test/**/*.{test,spec}.ts', 'src/**/*.{test,spec}.ts'],
      setupFiles: [harness.file],
    },
  };
  return `export default ${JSON.stringify(config, null, 2)};\n`;
}

/**
 * The project's own config with the harness matchers added to `test.setupFiles` (unless it
 * already lists them), through vitest's own `mergeConfig`; a config exported as a function
 * is called first.
 */
function mergedConfig(
  own: string,
  harness: HarnessSetup,
  vitestConfig: string | undefined,
): string {
  if (vitestConfig === undefined)
    return `export { default } from ${JSON.stringify(pathToFileURL(own).href)};\n`;
  return [
    `import { mergeConfig } from ${JSON.stringify(pathToFileURL(vitestConfig).href)};`,
    `import own from ${JSON.stringify(pathToFileURL(own).href)};`,
    `const setup = ${JSON.stringify(harness.file)};`,
    'export default async (env) => {',
    "  const base = await (typeof own === 'function' ? own(env) : own);",
    '  const listed = [base?.test?.setupFiles ?? []].flat();',
    "  const has = listed.some((f) => f === setup || String(f).includes('@stack-plugin/test-harness/matchers'));",
    `  const extra = ${JSON.stringify(sourceConditions(harness) ?? {})};`,
    '  return mergeConfig(base ?? {}, has ? extra : { ...extra, test: { setupFiles: [setup] } });',
    '};',
    '',
  ].join('\n');
}

/**
 * Finds vitest and the harness from the plugin project (falling back to the CLI's own
 * install, as in a monorepo), and writes a default config when the project has none.
 */
export async function prepareTestRun(dir: string): Promise<TestRun> {
  if (!existsSync(join(dir, 'stack-plugin.json')))
    throw createError(pdkErrors.MANIFEST_NOT_FOUND, { dir });
  const vitestDir = packageDir('vitest', dir);
  if (vitestDir === undefined)
    throw createError(cliErrors.TEST_RUNNER_NOT_FOUND, { what: 'vitest', dir });
  const vitestBin = join(vitestDir, 'vitest.mjs');
  let configFile: string | undefined;
  let temp: string | undefined;
  const harness = harnessSetupFile(dir);
  if (harness === undefined) {
    throw createError(cliErrors.TEST_RUNNER_NOT_FOUND, { what: '@stack-plugin/test-harness', dir });
  }
  const own = OWN_CONFIG_FILES.find((file) => existsSync(join(dir, file)));
  if (own === undefined && CONFIG_FILES.some((file) => existsSync(join(dir, file)))) {
    // A workspace file: vitest reads it as is.
  } else {
    temp = await mkdtemp(join(tmpdir(), 'stack-plugin-test-'));
    configFile = join(temp, 'vitest.config.mjs');
    await writeFile(
      configFile,
      own === undefined
        ? defaultConfig(dir, harness)
        : mergedConfig(join(dir, own), harness, esmExport('vitest', './config', dir)),
    );
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

/** The ESM file of `name`'s export `subpath`, from its install seen from `dir`, or undefined. */
function esmExport(name: string, subpath: string, dir: string): string | undefined {
  const root = packageDir(name, dir);
  if (root === undefined) return undefined;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports?: Record<string, { import?: string; default?: string } | string>;
  };
  const entry = pkg.exports?.[subpath];
  const file = typeof entry === 'string' ? entry : (entry?.import ?? entry?.default);
  return file === undefined ? undefined : join(root, file);
}

/** The harness's matchers setup file: built when installed, its source in a workspace checkout. */
function harnessSetupFile(dir: string): HarnessSetup | undefined {
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
