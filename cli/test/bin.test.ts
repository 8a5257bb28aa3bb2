import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createError } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliErrors, cliVersion } from '../src/index.js';

// These tests spawn the real bin, which runs cli/dist: build it first (incremental, so cheap
// when `npm run build` already ran, as in CI).
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'cli', 'bin', 'stack-plugin.js');
const fixture = join(repo, 'cli', 'test', 'fixtures', 'valid-plugin');
let temp: string;
let hook: string;

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    {
      cwd: repo,
      stdio: 'pipe',
    },
  );
  temp = await mkdtemp(join(tmpdir(), 'stack-cli-bin-'));
  hook = join(temp, 'record-modules.mjs');
  // Records every module the process resolves, printed as JSON on stderr at exit.
  await writeFile(
    hook,
    [
      "import { registerHooks } from 'node:module';",
      'const seen = new Set();',
      'registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });',
      "process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify([...seen]) + '\\n'));",
    ].join('\n'),
  );
}, 120_000);

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

function spawn(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Files of this repository a run of the bin loaded, relative to the repository. */
function loadedFiles(args: string[]): string[] {
  const { stderr } = spawn(['--import', hook, bin, ...args]);
  const line = stderr.split('\n').find((l) => l.startsWith('MODULES '));
  if (line === undefined) throw new Error(`no module list in: ${stderr}`);
  return (JSON.parse(line.slice('MODULES '.length)) as string[])
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(repo, fileURLToPath(url)))
    .sort();
}

describe('the stack-plugin bin', () => {
  it('prints its version', () => {
    expect(spawn([bin, '--version'])).toEqual({ code: 0, stdout: `${cliVersion()}\n`, stderr: '' });
  });

  it('loads only the framework and command modules for --help, none of their dependencies', () => {
    for (const args of [['--help'], ['validate', '--help'], ['typegen', '--help']]) {
      const files = loadedFiles(args);
      expect(
        files.filter(
          (f) =>
            // The framework, the command modules, and the pdk's light command-line kit.
            !/^(cli\/(bin\/stack-plugin\.js|dist\/(_[\w-]+|main|version|command|commands\/[a-z][\w-]*)\.js)|pdk\/dist\/cli-kit\/[\w-]+\.js)$/.test(
              f,
            ),
        ),
      ).toEqual([]);
      expect(files).toContain('cli/dist/main.js');
    }
  });

  it('answers --version from the bin and the version module alone', () => {
    expect(loadedFiles(['--version'])).toEqual(['cli/bin/stack-plugin.js', 'cli/dist/version.js']);
    expect(spawn([bin, '--version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('loads the pdk only once a command runs (the check above can fail)', () => {
    const files = loadedFiles(['validate', fixture]);
    expect(files).toContain('cli/dist/commands/validate.js');
    expect(files.some((f) => f.startsWith('pdk/dist/'))).toBe(true);
  });

  it('validates a plugin folder with JSON output', () => {
    const result = spawn([bin, 'validate', fixture, '--json']);
    expect({ ...result, stdout: JSON.parse(result.stdout) }).toEqual({
      code: 0,
      stdout: { ok: true, issues: [] },
      stderr: '',
    });
  });

  it('checks a config against its governance policy, exiting 1 for a refused plugin', async () => {
    const project = join(temp, 'policy-project');
    await mkdir(project, { recursive: true });
    await cp(fixture, join(project, 'plugin'), { recursive: true });
    const name = JSON.parse(await readFile(join(project, 'plugin', 'package.json'), 'utf8')).name;
    const config = join(project, 'stack.config.json');
    await writeFile(
      config,
      JSON.stringify({ plugins: [{ path: 'plugin' }], policy: { plugins: { deny: [name] } } }),
    );
    const result = spawn([bin, 'policy', 'check', '--config', config, '--json']);
    expect({ ...result, stdout: JSON.parse(result.stdout) }).toMatchObject({
      code: 1,
      stdout: {
        ok: false,
        mode: 'enforce',
        plugins: [
          { plugin: name, outcome: 'refused', violations: [{ code: 'POLICY_PLUGIN_DENIED' }] },
        ],
      },
      stderr: '',
    });
    await writeFile(
      config,
      JSON.stringify({
        plugins: [{ path: 'plugin' }],
        policy: { mode: 'warn', plugins: { deny: [name] } },
      }),
    );
    expect(spawn([bin, 'policy', 'check', '--config', config]).code).toBe(0);
  });

  it('exits 2 with a JSON error for an unknown command', () => {
    const result = spawn([bin, 'vaildate', '--json']);
    expect({ ...result, stderr: JSON.parse(result.stderr) }).toEqual({
      code: 2,
      stdout: '',
      stderr: {
        error: {
          code: 'BAD_USAGE',
          message:
            'Unknown command "vaildate" (did you mean "validate"?); run `stack-plugin --help` for the list.',
          hint: 'Run `stack-plugin <command> --help` to see the accepted arguments.',
        },
      },
    });
  });

  it("refuses a Node older than engines.node with the catalog's NODE_UNSUPPORTED", async () => {
    // The bin next to a package.json whose floor is above the running Node: the same check an
    // old Node meets with the real package.json.
    const dir = join(temp, 'future-floor');
    await mkdir(join(dir, 'bin'), { recursive: true });
    await copyFile(bin, join(dir, 'bin', 'stack-plugin.js'));
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ type: 'module', engines: { node: '>=99.3' } }),
    );
    const expected = createError(cliErrors.NODE_UNSUPPORTED, {
      range: '>=99.3',
      version: process.versions.node,
      floor: '99.3',
    });
    const human = spawn([join(dir, 'bin', 'stack-plugin.js'), 'validate']);
    expect(human).toEqual({
      code: 1,
      stdout: '',
      stderr: `error NODE_UNSUPPORTED ${expected.message}\n  hint: ${expected.hint}\n`,
    });
    const json = spawn([join(dir, 'bin', 'stack-plugin.js'), 'validate', '--json']);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'NODE_UNSUPPORTED', message: expected.message, hint: expected.hint },
    });
  });

  it('uses no colors when piped, and colors with FORCE_COLOR unless NO_COLOR', () => {
    expect(spawn([bin, '--help']).stdout).not.toContain('\u001b[');
    expect(spawn([bin, '--help'], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[1m');
    expect(spawn([bin, '--help'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain(
      '\u001b[',
    );
  });
});
