import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const temps: string[] = [];

/** A writable copy of a fixture, for --fix. */
async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-cli-validate-'));
  temps.push(dir);
  await cp(join(fixtures, name), dir, { recursive: true });
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const validateJson = async (args: string[], cwd = fixtures) => {
  const result = await runCli(['validate', ...args, '--json'], { cwd });
  return { code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) };
};

describe('stack-plugin validate', () => {
  it('reports a valid plugin: exit 0, { ok: true, issues: [] }', async () => {
    expect(await validateJson(['valid-plugin'])).toEqual({
      code: 0,
      stderr: '',
      report: { ok: true, issues: [] },
    });
    expect(await runCli(['validate'], { cwd: join(fixtures, 'valid-plugin') })).toEqual({
      code: 0,
      stdout: '✔ .: valid\n',
      stderr: '',
    });
  });

  it('prints every issue with severity, code, JSON Pointer, message and hint; exit 1', async () => {
    const { code, report } = await validateJson(['invalid-plugin']);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    for (const issue of report.issues) {
      expect(Object.keys(issue).sort()).toEqual(
        expect.arrayContaining(['code', 'file', 'hint', 'message', 'path', 'severity']),
      );
    }
    expect(
      report.issues.map(
        (i: Record<string, string>) => `${i.severity} ${i.file}#${i.path} ${i.code}`,
      ),
    ).toMatchInlineSnapshot(`
        [
          "warning stack-plugin.json#/$schema MANIFEST_SCHEMA_REF_MISSING",
          "error stack-plugin.json#/category MANIFEST_SCHEMA",
          "error stack-plugin.json#/contributes/commands/1/id CONTRIBUTION_DUPLICATE_ID",
          "error stack-plugin.json#/permissions/1 PERMISSION_INVALID",
          "error package.json#/keywords PACKAGE_KEYWORD_MISSING",
        ]
      `);
  });

  it('groups human output by file, errors first', async () => {
    const { code, stdout, stderr } = await runCli(['validate', 'invalid-plugin'], {
      cwd: fixtures,
    });
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout).toMatchInlineSnapshot(`
      "invalid-plugin/package.json
        error   /keywords  package.json "keywords" does not include "stack-plugin", so hosts and npm search cannot discover the plugin. [PACKAGE_KEYWORD_MISSING]
                hint: Add "stack-plugin" to "keywords" (stack-plugin validate --fix does it).

      invalid-plugin/stack-plugin.json
        error   /category  The value "integrations" must be one of "integration", "workflow", "ui", "skill", "micro". [MANIFEST_SCHEMA]
                hint: Expected: What kind of plugin this is: integration (talks to an outside service), workflow (contributes steps and workflows), ui (themes, formatters), skill (agent skills) or micro (one small function).
        error   /contributes/commands/1/id  The commands id "greet" is already used by /contributes/commands/0, so calls could not tell them apart. [CONTRIBUTION_DUPLICATE_ID]
                hint: Give each contribution of a kind its own id.
        error   /permissions/1  "fs:delete:/" is not a valid permission: it does not start with a known kind; the host would deny everything it was meant to allow. [PERMISSION_INVALID]
                hint: Use fs:read:<glob>, fs:write:<glob>, net:<host>[:<port>], env:<NAME>, secret:<NAME>, exec:<command>, events:emit:<pattern>, events:on:<pattern>, state or state:shared.
        warning /$schema  The manifest has no "$schema", so editors cannot validate or autocomplete it. [MANIFEST_SCHEMA_REF_MISSING]
                hint: Add "$schema": "./node_modules/@stack-plugin/pdk/schema/stack-plugin.schema.json" (stack-plugin validate --fix does it).

      ✖ invalid-plugin: 4 errors, 1 warning
      2 issues can be fixed with --fix
      "
    `);
  });

  it('colors human output only on a TTY without NO_COLOR', async () => {
    const tty = await runCli(['validate', 'invalid-plugin'], { cwd: fixtures, isTTY: true });
    expect(tty.stdout).toContain('\u001b[31merror  \u001b[39m');
    const noColor = await runCli(['validate', 'invalid-plugin'], {
      cwd: fixtures,
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('exits 0 when there are only warnings', async () => {
    const { code, report } = await validateJson(['warnings-plugin']);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(
      report.issues.map((i: Record<string, string>) => `${i.severity} ${i.path} ${i.code}`),
    ).toMatchInlineSnapshot(`
      [
        "warning /permissions/0 PERMISSION_RISKY",
      ]
    `);
  });

  it('reports a folder without a manifest as an issue, exit 1', async () => {
    const { code, report } = await validateJson(['no-manifest']);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.issues[0]).toMatchObject({
      severity: 'error',
      code: 'MANIFEST_MISSING',
      file: 'stack-plugin.json',
      path: '',
    });
  });

  it('--fix reports what it fixed, writes the files, re-validates, and is idempotent', async () => {
    const dir = await copyFixture('fixable-plugin');
    const before = await validateJson([], dir);
    expect(before.report.issues.every((i: { fixable?: boolean }) => i.fixable)).toBe(true);

    const first = await validateJson(['--fix'], dir);
    expect(first.code).toBe(0);
    expect(first.report.ok).toBe(true);
    expect(first.report.issues).toEqual([]);
    expect(
      first.report.fixed.map((i: Record<string, string>) => `${i.file}#${i.path} ${i.code}`),
    ).toEqual(
      before.report.issues.map((i: Record<string, string>) => `${i.file}#${i.path} ${i.code}`),
    );
    const files = async () => ({
      manifest: await readFile(join(dir, 'stack-plugin.json'), 'utf8'),
      packageJson: await readFile(join(dir, 'package.json'), 'utf8'),
    });
    const afterFirst = await files();
    expect(JSON.parse(afterFirst.manifest).permissions).toEqual(['state']);

    const second = await validateJson(['--fix'], dir);
    expect(second).toEqual({ code: 0, stderr: '', report: { ok: true, issues: [], fixed: [] } });
    expect(await files()).toEqual(afterFirst);
  });

  it('--fix in human form lists the fixes before the result', async () => {
    const dir = await copyFixture('fixable-plugin');
    const result = await runCli(['validate', '--fix'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Fixed 4 issues:
        ✔ stack-plugin.json /$schema The manifest has no "$schema", so editors cannot validate or autocomplete it.
        ✔ stack-plugin.json /permissions/1 "state" repeats /permissions/0.
        ✔ package.json /engines package.json does not say which Node.js versions the plugin supports, so installs on old versions fail at run time instead of install time.
        ✔ package.json /keywords package.json "keywords" does not include "stack-plugin", so hosts and npm search cannot discover the plugin.

      ✔ .: valid
      "
    `);
  });

  it('rejects bad usage with exit 2', async () => {
    const result = await runCli(['validate', 'a', 'b', '--json'], { cwd: fixtures });
    expect({ code: result.code, stdout: result.stdout, error: JSON.parse(result.stderr) }).toEqual({
      code: 2,
      stdout: '',
      error: {
        error: {
          code: 'BAD_USAGE',
          message: 'Too many arguments for "validate": "b" (at most 1).',
          hint: 'Run `stack-plugin validate --help` to see the accepted arguments.',
        },
      },
    });
  });
});
