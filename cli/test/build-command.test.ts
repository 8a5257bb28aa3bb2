import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderPluginTypes, runCli } from '../src/index.js';
import { buildPdk, copyBuildFixture, removeBuildFixtures } from './_build-fixture.js';

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

beforeAll(buildPdk, 120_000);
afterEach(removeBuildFixtures);
const copyFixture = (name: string) => copyBuildFixture(name);

/** Imports the bundle in a fresh Node process and runs its `greet` command with a fake ctx. */
function runInFreshNode(file: string): { activate: string; greeting: unknown } {
  const script = `
    const plugin = (await import(${JSON.stringify(pathToFileURL(file).href)})).default;
    const handlers = {};
    await plugin.activate({
      config: { greeting: 'Hi' },
      commands: { register: async (id, fn) => { handlers[id] = fn; } },
    });
    const greeting = await handlers.greet({ name: 'Ada' });
    console.log(JSON.stringify({ activate: typeof plugin.activate, greeting }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: {},
  });
  return JSON.parse(out);
}

describe('stack-plugin build', () => {
  it('bundles a TypeScript plugin into one file a fresh Node process can import', async () => {
    const { dir } = await copyFixture('build-plugin');
    const { code, stdout, stderr } = await runCli(['build', '--json'], { cwd: dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout);
    const bundle = await readFile(join(dir, 'dist/index.js'), 'utf8');
    expect(report).toEqual({
      ok: true,
      plugin: 'stack-plugin-build-fixture',
      entry: 'src/index.ts',
      outfile: 'dist/index.js',
      files: [{ path: 'dist/index.js', bytes: Buffer.byteLength(bundle) }],
      bytes: Buffer.byteLength(bundle),
      modules: { own: 2, dependencies: 1 },
      typegen: { file: 'stack-plugin-env.d.ts', written: true },
      warnings: [],
      durationMs: expect.any(Number),
    });
    // One self-contained module: no import or export-from left, nothing Node-only.
    expect(bundle).not.toMatch(/^\s*import\b|\bfrom\s*["']|\brequire\(|\bimport\(/m);
    expect(runInFreshNode(join(dir, 'dist/index.js'))).toEqual({
      activate: 'function',
      greeting: { greeting: 'Hi, Ada (node)' },
    });
  });

  it('runs typegen first: the declaration file exists after the build and matches', async () => {
    const { dir } = await copyFixture('build-plugin');
    expect(await exists(join(dir, 'stack-plugin-env.d.ts'))).toBe(false);
    expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'stack-plugin.json'), 'utf8'));
    expect(await readFile(join(dir, 'stack-plugin-env.d.ts'), 'utf8')).toBe(
      renderPluginTypes(manifest),
    );
    const again = JSON.parse((await runCli(['build', '--json'], { cwd: dir })).stdout);
    expect(again.typegen).toEqual({ file: 'stack-plugin-env.d.ts', written: false });
  });

  it('prints a human report naming the files and their sizes', async () => {
    const { root } = await copyFixture('build-plugin');
    const { code, stdout } = await runCli(['build', 'plugin'], { cwd: root });
    expect(code).toBe(0);
    // A plugin of a few lines plus definePlugin: well under a kilobyte.
    const bytes = (await stat(join(root, 'plugin/dist/index.js'))).size;
    expect(stdout.replace(/in \d+ ms/, 'in N ms')).toBe(
      [
        'Built stack-plugin-build-fixture from plugin/src/index.ts in N ms',
        `  plugin/dist/index.js  ${`${bytes} B`.padStart(8)}`,
        '  3 modules (2 own, 1 from dependencies); types stack-plugin-env.d.ts updated',
        '',
      ].join('\n'),
    );
  });

  it('fails with BUILD_FORBIDDEN_IMPORT naming the file and the Node import', async () => {
    const { dir } = await copyFixture('build-node-import');
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: 'BUILD_FORBIDDEN_IMPORT',
        message:
          'src/read.ts:1:26 imports the Node built-in "node:fs/promises" in "stack-plugin-build-node-import", which cannot run under "limited" or "strict" isolation: there a plugin is one self-contained file without Node built-ins, require, process or dynamic imports.',
        hint: 'Use the capabilities on ctx instead (ctx.fs, ctx.net.fetch, ctx.env, ctx.exec, ctx.state), or a dependency that does not need Node; import your own modules statically so they are bundled.',
        plugin: 'stack-plugin-build-node-import',
      },
    });
    expect(await exists(join(dir, 'dist'))).toBe(false);
  });

  it.each([
    [
      'require',
      'export const load = (id: string) => require(id);\n',
      'src/extra.ts:1:37 uses require',
    ],
    [
      'require of a Node built-in',
      "const fs = require('fs');\nexport const x = fs;\n",
      'src/extra.ts:1:20 requires the Node built-in "fs"',
    ],
    [
      'process',
      'export const home = process.env.HOME;\n',
      'src/extra.ts:1:21 uses the Node global "process"',
    ],
    [
      'a computed dynamic import()',
      'export const load = (name: string) => import(name);\n',
      'src/extra.ts:1:39 uses dynamic import() (or the text "import(", refused even in strings and comments)',
    ],
    [
      'a bare Node built-in',
      "import { join } from 'path';\nexport const x = join;\n",
      'src/extra.ts:1:22 imports the Node built-in "path"',
    ],
  ])('refuses %s in plugin code', async (_what, code, expected) => {
    const { dir } = await copyFixture('build-plugin');
    await writeFile(join(dir, 'src/extra.ts'), code);
    await writeFile(
      join(dir, 'src/index.ts'),
      `${await readFile(join(dir, 'src/index.ts'), 'utf8')}export * from './extra.js';\n`,
    );
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stderr);
    expect(error.code).toBe('BUILD_FORBIDDEN_IMPORT');
    expect(error.message.slice(0, error.message.indexOf(' in "'))).toBe(expected);
  });

  it('allows a local named require, typeof process and a bundled dynamic import', async () => {
    const { dir } = await copyFixture('build-plugin');
    await writeFile(join(dir, 'src/lazy.ts'), 'export const lazy = 42;\n');
    await writeFile(
      join(dir, 'src/extra.ts'),
      [
        'export const call = (require: (id: string) => unknown) => require("x");',
        'export const isNode = typeof process !== "undefined";',
        "export const later = () => import('./lazy.js').then((m) => m.lazy);",
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'src/index.ts'),
      `${await readFile(join(dir, 'src/index.ts'), 'utf8')}export * from './extra.js';\n`,
    );
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const bundle = await readFile(join(dir, 'dist/index.js'), 'utf8');
    expect(bundle).not.toMatch(/\bimport\s*\(/);
  });

  it('bundles what a dependency needs and reports the Node built-ins it keeps', async () => {
    const { root, dir } = await copyFixture('build-plugin');
    const dep = join(root, 'node_modules', 'fake-hash');
    await mkdir(dep);
    await writeFile(
      join(dep, 'package.json'),
      JSON.stringify({ name: 'fake-hash', version: '1.0.0', type: 'module', main: 'index.js' }),
    );
    await writeFile(join(dep, 'pure.js'), 'export const shout = (s) => s.toUpperCase();\n');
    await writeFile(
      join(dep, 'index.js'),
      [
        "import { createHash } from 'node:crypto';",
        "export { shout } from './pure.js';",
        "export const hash = (s) => createHash('sha256').update(s).digest('hex');",
        '',
      ].join('\n'),
    );
    const index = await readFile(join(dir, 'src/index.ts'), 'utf8');
    await writeFile(join(dir, 'src/index.ts'), `${index}export { shout } from 'fake-hash';\n`);
    // Tree-shaking keeps the import of node:crypto (a module may run code when imported) and
    // the build names the dependency's file, since that is what has to go.
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(JSON.parse(result.stderr).error.message).toMatch(
      /^\.\.\/node_modules\/fake-hash\/index\.js:1:28 imports the Node built-in "node:crypto" in /,
    );
    // Without the built-in, the dependency is bundled.
    await writeFile(
      join(dir, 'src/index.ts'),
      `${index}export { shout } from 'fake-hash/pure.js';\n`,
    );
    const built = await runCli(['build', '--json'], { cwd: dir });
    expect(built).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(built.stdout).modules).toEqual({ own: 2, dependencies: 2 });
  });

  it('bundles an npm package named like a Node built-in (a polyfill) instead of refusing it', async () => {
    const { root, dir } = await copyFixture('build-plugin');
    const polyfill = join(root, 'node_modules', 'events');
    await mkdir(polyfill);
    await writeFile(
      join(polyfill, 'package.json'),
      JSON.stringify({ name: 'events', version: '3.3.0', type: 'module', main: 'index.js' }),
    );
    await writeFile(join(polyfill, 'index.js'), 'export class EventEmitter {}\n');
    const index = await readFile(join(dir, 'src/index.ts'), 'utf8');
    await writeFile(join(dir, 'src/index.ts'), `${index}export { EventEmitter } from 'events';\n`);
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout).modules).toEqual({ own: 2, dependencies: 2 });
    expect(await readFile(join(dir, 'dist/index.js'), 'utf8')).toMatch(/EventEmitter = class/);
  });

  it('fails with BUILD_SANDBOX_INCOMPATIBLE on text the sandbox refuses, at its source', async () => {
    const { dir } = await copyFixture('build-plugin');
    await writeFile(
      join(dir, 'src/greet.ts'),
      "export function greet(g: string, n: string): string {\n  return '<!-- ' + g + n + ' -->';\n}\n",
    );
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'BUILD_SANDBOX_INCOMPATIBLE',
      message:
        'The bundle of "stack-plugin-build-fixture" contains an HTML comment token ("<!--" or "-->") (from src/greet.ts:2:10) (and 1 more: src/greet.ts:2:28 an HTML comment token ("<!--" or "-->")), which the sandbox refuses to evaluate even inside strings and comments.',
    });
  });

  it('takes the source from the "source" export condition and writes the declared entry', async () => {
    const { dir } = await copyFixture('build-plugin');
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    delete pkg.main;
    pkg.exports = { '.': { source: './lib/main.ts', default: './out/plugin.js' } };
    await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    await cp(join(dir, 'src'), join(dir, 'lib'), { recursive: true });
    await rm(join(dir, 'src'), { recursive: true });
    await rename(join(dir, 'lib/index.ts'), join(dir, 'lib/main.ts'));
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      entry: 'lib/main.ts',
      outfile: 'out/plugin.js',
    });
    expect(runInFreshNode(join(dir, 'out/plugin.js')).activate).toBe('function');
  });

  it('fails with BUILD_ENTRY_NOT_FOUND when there is no source entry', async () => {
    const { dir } = await copyFixture('build-plugin');
    await rm(join(dir, 'src'), { recursive: true });
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toEqual({
      code: 'BUILD_ENTRY_NOT_FOUND',
      message: `"stack-plugin-build-fixture" has no source entry to build: none of src/index.ts, src/index.mts, src/index.tsx, src/index.js, src/index.mjs exists in ${dir}.`,
      hint: 'Create src/index.ts with `export default definePlugin({...})`, or point the "source" condition of package.json "exports" "." at the entry file.',
      plugin: 'stack-plugin-build-fixture',
    });
  });

  it('fails with BUILD_SANDBOX_INCOMPATIBLE on what SES takes for a direct eval', async () => {
    const { dir } = await copyFixture('build-plugin');
    await writeFile(
      join(dir, 'src/greet.ts'),
      "export function greet(g: string, n: string): string {\n  return g + ', ' + n + ': eval(1)';\n}\n",
    );
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'BUILD_SANDBOX_INCOMPATIBLE',
      message:
        'The bundle of "stack-plugin-build-fixture" contains what looks like a direct eval ("eval(") (from src/greet.ts:2:25), which the sandbox refuses to evaluate even inside strings and comments.',
    });
  });

  it('fails with BUILD_FAILED at file:line:column on a syntax error', async () => {
    const { dir } = await copyFixture('build-plugin');
    await writeFile(
      join(dir, 'src/greet.ts'),
      'export function greet(g: string, n: string): string {\n  return { g, n );\n}\n',
    );
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: 'BUILD_FAILED',
        message:
          'Building "stack-plugin-build-fixture" failed at src/greet.ts:2:17: Expected "}" but found ")".',
        hint: 'Fix the code at the location named (file:line:column), then build again.',
        plugin: 'stack-plugin-build-fixture',
      },
    });
    expect(await exists(join(dir, 'dist'))).toBe(false);
  });

  it('stops on an invalid manifest before generating types or bundling', async () => {
    const { dir } = await copyFixture('build-invalid-manifest');
    const result = await runCli(['build', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stderr);
    expect(error).toMatchObject({
      code: 'MANIFEST_INVALID',
      plugin: 'stack-plugin-build-invalid-manifest',
    });
    expect(error.message).toMatch(
      /^The manifest of "stack-plugin-build-invalid-manifest" is invalid: [A-Z_]+ at stack-plugin.json#\/category: /,
    );
    expect(await exists(join(dir, 'dist'))).toBe(false);
    expect(await exists(join(dir, 'stack-plugin-env.d.ts'))).toBe(false);
  });

  it('--sourcemap writes and links a map; --minify shrinks the bundle', async () => {
    const { dir } = await copyFixture('build-plugin');
    const plain = JSON.parse((await runCli(['build', '--json'], { cwd: dir })).stdout);
    const result = await runCli(['build', '--json', '--minify', '--sourcemap'], { cwd: dir });
    const report = JSON.parse(result.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual([
      'dist/index.js',
      'dist/index.js.map',
    ]);
    expect(report.bytes).toBeLessThan(plain.bytes);
    const bundle = await readFile(join(dir, 'dist/index.js'), 'utf8');
    expect(bundle.endsWith('//# sourceMappingURL=index.js.map\n')).toBe(true);
    const map = JSON.parse(await readFile(join(dir, 'dist/index.js.map'), 'utf8'));
    expect(map.sources).toEqual(expect.arrayContaining(['../src/index.ts', '../src/greet.ts']));
    expect(runInFreshNode(join(dir, 'dist/index.js')).greeting).toEqual({
      greeting: 'Hi, Ada (node)',
    });
    // Building without --sourcemap again removes the map, which would describe another bundle.
    expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
    expect(await exists(join(dir, 'dist/index.js.map'))).toBe(false);
  });
});

describe('stack-plugin build output under isolation', () => {
  it.each(['none', 'limited', 'strict'])(
    'runs under "%s" through stack-plugin run',
    async (isolation) => {
      const { root, dir } = await copyFixture('build-plugin');
      expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
      await writeFile(
        join(root, 'stack.config.json'),
        JSON.stringify({ plugins: [{ path: './plugin', isolation, config: { greeting: 'Hey' } }] }),
      );
      const result = await runCli(['run', 'greet', '--input', '{"name":"Ada"}', '--json'], {
        cwd: root,
      });
      expect(result).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual({
        greeting: `Hey, Ada (${isolation === 'none' ? 'node' : 'sandbox'})`,
      });
    },
  );
});
