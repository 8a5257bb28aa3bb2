import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../main.js';

// The docs-gen fixtures are real plugins with committed API reports; reuse them, do not copy.
const FIXTURES = resolve(import.meta.dirname, '../../../docs-gen/test/fixtures');
const NODE_MODULES = resolve(import.meta.dirname, '../../../node_modules');

let root: string;
let plugin: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-docs-'));
  await symlink(NODE_MODULES, join(root, 'node_modules'), 'dir');
  plugin = join(root, 'weather-plugin');
  await cp(join(FIXTURES, 'weather-plugin'), plugin, { recursive: true });
  await mkdir(join(plugin, '.changeset'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin docs', () => {
  test('builds both outputs and reports them as JSON', async () => {
    const result = await runCli(['docs', 'weather-plugin', '--out', 'site', '--json'], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      name: '@acme/weather-plugin',
      version: '1.2.0',
      html: 'site/html',
      markdown: 'site/md',
      examplesChecked: 2,
      apiReport: { file: 'weather-plugin/etc/weather-plugin.api.md', updated: false },
      warnings: [],
    });
    await expect(
      readFile(join(root, 'site', 'html', 'documents', 'Permissions.html'), 'utf8'),
    ).resolves.toContain('secret:WEATHER_API_KEY');
  });

  test('--check passes when nothing changed since the baseline', async () => {
    const result = await runCli(
      [
        'docs',
        plugin,
        '--format',
        'md',
        '--out',
        join(root, 'o1'),
        '--check',
        '--base-dir',
        join(FIXTURES, 'weather-plugin'),
      ],
      { cwd: root },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^Docs for @acme\/weather-plugin 1\.2\.0\n {2}Markdown {2}o1\/md\/README\.md\n {2}2 examples compiled\n/,
    );
    expect(result.stdout).toContain(
      '  no API or manifest changes\n  needs: none, changesets declare: none\n  OK',
    );
  });

  test('--check fails on a new permission declared as a patch, naming it as security-relevant', async () => {
    const manifest = join(plugin, 'stack-plugin.json');
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('    "state"\n', '    "state",\n    "env:HOME"\n'),
    );
    await writeFile(
      join(plugin, '.changeset', 'home.md'),
      '---\n"@acme/weather-plugin": patch\n---\n\nRead HOME.\n',
    );
    const result = await runCli(
      [
        'docs',
        plugin,
        '--format',
        'md',
        '--out',
        join(root, 'o2'),
        '--check',
        '--base-dir',
        join(FIXTURES, 'weather-plugin'),
      ],
      { cwd: root },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  [security] minor new permission env:HOME (risk low): Read the environment variable HOME.\n  needs: minor, changesets declare: patch\n',
    );
    expect(result.stderr).toBe(
      'API_CHANGE_UNDECLARED: "@acme/weather-plugin" has minor changes (new permission env:HOME (risk low): Read the environment variable HOME.), but its changesets declare a patch bump.\n  Run `npx changeset` and declare a minor bump for "@acme/weather-plugin", or undo the change.\n',
    );
  });

  test('describes the permission of a host capability as the host publishes it (stackPlugin.hostCapabilities)', async () => {
    const tickets = join(root, 'tickets-plugin');
    await cp(join(FIXTURES, 'weather-plugin'), tickets, { recursive: true });
    await writeFile(
      join(tickets, 'tickets.mjs'),
      `export const tickets = {
  name: 'acme.tickets', service: 'acme.tickets', ctx: 'host.acme.tickets', title: 'Tickets',
  summary: 'Open tickets in the Acme tracker.', risk: 'medium', crossesSandbox: true, docs: 'tickets',
  permissions: [{ kind: 'acme.tickets', grammar: 'acme.tickets', target: 'none',
    describe: () => ({ risk: 'medium', summary: 'Open and read tickets in the Acme tracker.' }) }],
  methods: { create: { summary: 'Opens a ticket.', permission: 'acme.tickets',
    params: [{ type: 'object' }], result: { type: 'object' } } },
};\n`,
    );
    const manifestFile = join(tickets, 'stack-plugin.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.permissions.push('acme.tickets');
    await writeFile(manifestFile, JSON.stringify(manifest));
    const pkgFile = join(tickets, 'package.json');
    const pkg = JSON.parse(await readFile(pkgFile, 'utf8'));
    await writeFile(
      pkgFile,
      JSON.stringify({ ...pkg, stackPlugin: { hostCapabilities: ['./tickets.mjs'] } }),
    );
    const result = await runCli(['docs', tickets, '--format', 'md', '--out', join(root, 'o3')], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    const page = await readFile(join(root, 'o3', 'md', 'documents', 'Permissions.md'), 'utf8');
    expect(page).toContain(
      '| `acme.tickets` | **medium** | Open and read tickets in the Acme tracker. |',
    );
    expect(page).not.toContain('Not a valid permission');

    // Another file: the first module stays in this process's import cache.
    await writeFile(
      pkgFile,
      JSON.stringify({ ...pkg, stackPlugin: { hostCapabilities: ['./broken.mjs'] } }),
    );
    await writeFile(
      join(tickets, 'broken.mjs'),
      "export const broken = { name: 'acme.tickets', methods: {}, permissions: [{ kind: 'other' }] };\n",
    );
    const bad = await runCli(
      ['docs', tickets, '--format', 'md', '--out', join(root, 'o4'), '--json'],
      {
        cwd: root,
      },
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({
      code: 'TYPEGEN_HOST_CAPABILITIES_INVALID',
      message: expect.stringContaining('cannot be used: "acme.tickets"'),
    });
  });

  test('an unknown --format is bad usage', async () => {
    const result = await runCli(['docs', plugin, '--format', 'pdf'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format must be one of md, html, both, not "pdf"');
  });
});

describe('stack-plugin api-report', () => {
  test('fails while the report is missing, --update writes it, then it passes', async () => {
    const lib = join(root, 'tiny-library');
    await cp(join(FIXTURES, 'tiny-library'), lib, { recursive: true });
    const missing = await runCli(['api-report', 'tiny-library'], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe(
      'outdated   tiny-library/etc/tiny-library.api.md\n           no report is committed\n',
    );
    expect((await runCli(['api-report', 'tiny-library', '--update'], { cwd: root })).code).toBe(0);
    await expect(readFile(join(lib, 'etc', 'tiny-library.api.md'), 'utf8')).resolves.toContain(
      'export function add(a: number, b: number): number;',
    );
    const again = await runCli(['api-report', 'tiny-library', '--json'], { cwd: root });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      ok: true,
      reports: [
        {
          package: '@acme/tiny-library',
          file: 'tiny-library/etc/tiny-library.api.md',
          status: 'up to date',
          changes: [],
        },
      ],
      problems: [],
    });
  });
});
