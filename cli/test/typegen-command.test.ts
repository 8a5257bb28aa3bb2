import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPluginTypes, runCli } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const temps: string[] = [];

async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-cli-typegen-'));
  temps.push(dir);
  await cp(join(fixtures, name), dir, { recursive: true });
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('stack-plugin typegen', () => {
  it('writes stack-plugin-env.d.ts, then reports it up to date', async () => {
    const dir = await copyFixture('valid-plugin');
    expect(await runCli(['typegen'], { cwd: dir })).toEqual({
      code: 0,
      stdout: 'Wrote stack-plugin-env.d.ts\n',
      stderr: '',
    });
    const manifest = JSON.parse(await readFile(join(dir, 'stack-plugin.json'), 'utf8'));
    expect(await readFile(join(dir, 'stack-plugin-env.d.ts'), 'utf8')).toBe(
      renderPluginTypes(manifest),
    );
    expect(await runCli(['typegen'], { cwd: dir })).toEqual({
      code: 0,
      stdout: 'stack-plugin-env.d.ts is up to date\n',
      stderr: '',
    });
  });

  it('--check exits 1 when the file is missing or stale and writes nothing', async () => {
    const dir = await copyFixture('valid-plugin');
    const missing = await runCli(['typegen', '.', '--check'], { cwd: dir });
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'stack-plugin-env.d.ts is out of date with stack-plugin.json: run `stack-plugin typegen`.\n',
    });
    await expect(readFile(join(dir, 'stack-plugin-env.d.ts'))).rejects.toMatchObject({
      code: 'ENOENT',
    });

    await runCli(['typegen'], { cwd: dir });
    expect((await runCli(['typegen', '--check'], { cwd: dir })).code).toBe(0);

    const manifestFile = join(dir, 'stack-plugin.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.permissions.push('env:HOME');
    await writeFile(manifestFile, JSON.stringify(manifest));
    const stale = await runCli(['typegen', '--check', '--json'], { cwd: dir });
    expect({ ...stale, stdout: JSON.parse(stale.stdout) }).toEqual({
      code: 1,
      stdout: { file: join(dir, 'stack-plugin-env.d.ts'), stale: true, written: false },
      stderr: '',
    });
  });

  it('writes to --out, relative to the plugin folder given as argument', async () => {
    const dir = await copyFixture('valid-plugin');
    const result = await runCli(['typegen', dir, '--out', 'src/plugin-env.d.ts', '--json'], {
      cwd: tmpdir(),
    });
    expect(JSON.parse(result.stdout)).toEqual({
      file: join(dir, 'src', 'plugin-env.d.ts'),
      stale: true,
      written: true,
    });
  });

  it('fails with MANIFEST_INVALID naming the manifest errors', async () => {
    const result = await runCli(['typegen', 'invalid-plugin', '--json'], { cwd: fixtures });
    expect({ ...result, stderr: JSON.parse(result.stderr) }).toMatchInlineSnapshot(`
      {
        "code": 1,
        "stderr": {
          "error": {
            "code": "MANIFEST_INVALID",
            "hint": "Run \`stack-plugin validate\` in the plugin folder for every issue and a hint for each.",
            "message": "The manifest of "stack-plugin-broken" is invalid: MANIFEST_SCHEMA at stack-plugin.json#/category: The value "integrations" must be one of "integration", "workflow", "ui", "skill", "micro"; CONTRIBUTION_DUPLICATE_ID at stack-plugin.json#/contributes/commands/1/id: The commands id "greet" is already used by /contributes/commands/0, so calls could not tell them apart; PERMISSION_INVALID at stack-plugin.json#/permissions/1: "fs:delete:/" is not a valid permission: it does not start with a known kind; the host would deny everything it was meant to allow.",
            "plugin": "stack-plugin-broken",
          },
        },
        "stdout": "",
      }
    `);
  });

  it('fails with MANIFEST_NOT_FOUND outside a plugin', async () => {
    const result = await runCli(['typegen', 'no-manifest', '--json'], { cwd: fixtures });
    expect({ ...result, stderr: JSON.parse(result.stderr) }).toEqual({
      code: 1,
      stdout: '',
      stderr: {
        error: {
          code: 'MANIFEST_NOT_FOUND',
          message: `No stack-plugin.json was found in ${join(fixtures, 'no-manifest')}.`,
          hint: 'Run the command in a plugin folder, or create a plugin with `npm create stack-plugin`.',
        },
      },
    });
  });

  it('fails with MANIFEST_INVALID on malformed JSON', async () => {
    const dir = await copyFixture('valid-plugin');
    await writeFile(join(dir, 'stack-plugin.json'), '{ "category": ');
    const result = await runCli(['typegen', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'MANIFEST_INVALID',
      plugin: 'stack-plugin-greeter',
      message: expect.stringMatching(
        /^The manifest of "stack-plugin-greeter" is invalid: stack-plugin\.json is not valid JSON \(/,
      ),
    });
  });
});
