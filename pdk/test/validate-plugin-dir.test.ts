import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isStackPluginError,
  MANIFEST_SCHEMA_URL,
  readPluginPackage,
  validatePluginDir,
} from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const temporary: string[] = [];

async function copyFixture(relative: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-pdk-'));
  temporary.push(dir);
  await cp(join(fixtures, relative), dir, { recursive: true });
  return dir;
}

async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) out[entry.name] = await readFile(join(dir, entry.name), 'utf8');
  }
  return out;
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const brief = (issues: Array<{ code: string; path: string; file: string }>) =>
  issues.map(({ file, code, path }) => `${file}#${path} ${code}`);

describe('validatePluginDir({ fix: true })', () => {
  it('fixes everything fixable in one pass, writes 2-space JSON with a newline, and re-validates', async () => {
    const dir = await copyFixture('fixable/messy-plugin');
    const report = await validatePluginDir(dir, { fix: true });
    expect(brief(report.fixed)).toEqual([
      'stack-plugin.json#/$schema MANIFEST_SCHEMA_REF_MISSING',
      'stack-plugin.json#/name MANIFEST_PACKAGE_FIELD',
      'stack-plugin.json#/permissions/0 PERMISSION_NOT_NORMALIZED',
      'stack-plugin.json#/permissions/1 PERMISSION_DUPLICATE',
      'stack-plugin.json#/permissions/2 PERMISSION_NOT_NORMALIZED',
      'stack-plugin.json#/permissions/3 PERMISSION_NOT_NORMALIZED',
      'stack-plugin.json#/permissions/4 PERMISSION_DUPLICATE',
      'package.json#/engines PACKAGE_ENGINES_MISSING',
      'package.json#/keywords PACKAGE_KEYWORD_MISSING',
    ]);
    // What cannot be fixed automatically is still reported, at its new position.
    expect(brief(report.issues)).toEqual(['stack-plugin.json#/permissions/3 PERMISSION_INVALID']);
    expect(report.ok).toBe(false);
    expect(await readFile(join(dir, 'stack-plugin.json'), 'utf8')).toBe(
      `${JSON.stringify(
        {
          $schema: MANIFEST_SCHEMA_URL,
          category: 'micro',
          host: '^1.0.0',
          isolation: 'limited',
          permissions: ['fs:read:src/**', 'secret:API_TOKEN', 'net:api.example.com:443', 'camera'],
        },
        null,
        2,
      )}\n`,
    );
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.keywords).toEqual(['tools', 'stack-plugin']);
    expect(pkg.engines).toEqual({ node: '>=22.12' });
  });

  it.each([
    'fixable/messy-plugin',
    'manifests/several-problems',
    'manifests/keyword-missing',
    'manifests/repeats-package-name',
    'manifests/invalid-json',
    'plugins/valid',
  ])('is idempotent on %s: a second fix changes nothing', async (fixture) => {
    const dir = await copyFixture(fixture);
    const first = await validatePluginDir(dir, { fix: true });
    const afterFirst = await snapshotDir(dir);
    const second = await validatePluginDir(dir, { fix: true });
    expect(await snapshotDir(dir)).toEqual(afterFirst);
    expect(second.fixed).toEqual([]);
    expect(second.issues).toEqual(first.issues);
  });

  it('keeps the indentation style and line endings of the file it rewrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-pdk-'));
    temporary.push(dir);
    await writeFile(
      join(dir, 'stack-plugin.json'),
      '{\r\n\t"category": "micro",\r\n\t"host": "^1.0.0"\r\n}',
    );
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify(
        {
          name: 'stack-plugin-tabs',
          version: '0.1.0',
          description: 'Tabs.',
          keywords: ['stack-plugin'],
          engines: { node: '>=22.12' },
        },
        null,
        4,
      ),
    );
    await writeFile(join(dir, 'index.js'), 'export default {};\n');
    const report = await validatePluginDir(dir, { fix: true });
    expect(report).toMatchObject({ ok: true, issues: [] });
    expect(await readFile(join(dir, 'stack-plugin.json'), 'utf8')).toBe(
      `{\r\n\t"$schema": "${MANIFEST_SCHEMA_URL}",\r\n\t"category": "micro",\r\n\t"host": "^1.0.0"\r\n}\r\n`,
    );
    // Untouched files are not rewritten, not even to add a newline.
    expect((await readFile(join(dir, 'package.json'), 'utf8')).endsWith('}')).toBe(true);
    // No temporary files are left behind.
    expect((await readdir(dir)).sort()).toEqual(['index.js', 'package.json', 'stack-plugin.json']);
  });

  it('moves name/version/description from the manifest to package.json when it lacks them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-pdk-'));
    temporary.push(dir);
    const manifest = {
      ...JSON.parse(await readFile(join(fixtures, 'plugins/valid/stack-plugin.json'), 'utf8')),
      description: 'Moved here.',
      version: '9.9.9',
    };
    const { description: _, ...pkg } = JSON.parse(
      await readFile(join(fixtures, 'plugins/valid/package.json'), 'utf8'),
    );
    await writeFile(join(dir, 'stack-plugin.json'), JSON.stringify(manifest, null, 2));
    await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist/index.js'), 'export default {};\n');
    const before = await validatePluginDir(dir);
    expect(before.issues.map((i) => [i.code, i.path, i.hint])).toEqual([
      [
        'MANIFEST_PACKAGE_FIELD',
        '/description',
        'Move "description" to package.json (stack-plugin validate --fix does it).',
      ],
      [
        'MANIFEST_PACKAGE_FIELD',
        '/version',
        'Remove "version" from stack-plugin.json (stack-plugin validate --fix does it).',
      ],
      [
        'PACKAGE_DESCRIPTION_MISSING',
        '/description',
        'Add a one-sentence "description" of what the plugin does.',
      ],
    ]);
    const report = await validatePluginDir(dir, { fix: true });
    expect(report).toMatchObject({ ok: true, issues: [] });
    const fixedPkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(fixedPkg.description).toBe('Moved here.');
    expect(fixedPkg.version).toBe('1.2.3');
    const fixedManifest = JSON.parse(await readFile(join(dir, 'stack-plugin.json'), 'utf8'));
    expect(Object.keys(fixedManifest)).not.toContain('description');
    expect(Object.keys(fixedManifest)).not.toContain('version');
  });

  it('does not touch files without fix: true', async () => {
    const dir = await copyFixture('fixable/messy-plugin');
    const before = await snapshotDir(dir);
    const report = await validatePluginDir(dir);
    expect(report.fixed).toEqual([]);
    expect(report.issues.filter((i) => i.fixable === true)).toHaveLength(9);
    expect(await snapshotDir(dir)).toEqual(before);
  });
});

describe('validatePluginDir on unusual folders', () => {
  it('reports a folder that does not exist instead of throwing', async () => {
    const report = await validatePluginDir(join(tmpdir(), 'stack-pdk-does-not-exist-4711'));
    expect(brief(report.issues)).toEqual([
      'stack-plugin.json# MANIFEST_MISSING',
      'package.json# PACKAGE_JSON_MISSING',
    ]);
  });

  it('reports unreadable files and package.json syntax errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-pdk-'));
    temporary.push(dir);
    await mkdir(join(dir, 'stack-plugin.json'));
    await writeFile(join(dir, 'package.json'), '{ "name": ');
    const report = await validatePluginDir(dir);
    expect(report.issues).toEqual([
      {
        severity: 'error',
        code: 'MANIFEST_UNREADABLE',
        file: 'stack-plugin.json',
        path: '',
        message: 'stack-plugin.json exists but cannot be read (EISDIR).',
        hint: 'Check that it is a regular file and readable by the current user.',
      },
      {
        severity: 'error',
        code: 'PACKAGE_JSON_SYNTAX',
        file: 'package.json',
        path: '',
        message: expect.stringMatching(/^package\.json is not valid JSON: .+\.$/),
        hint: 'Fix the syntax at the position named (JSON allows no comments or trailing commas).',
      },
    ]);
  });

  it('reports a read-only folder it cannot fix as an issue, not an exception', async () => {
    if (process.getuid?.() === 0) return; // root can write anywhere
    const dir = await copyFixture('manifests/keyword-missing');
    await chmod(dir, 0o555);
    try {
      const report = await validatePluginDir(dir, { fix: true });
      expect(brief(report.issues)).toEqual(['stack-plugin.json# VALIDATOR_INTERNAL']);
    } finally {
      await chmod(dir, 0o755);
    }
  });
});

describe('readPluginPackage', () => {
  it('returns the validated package with an absolute entry', async () => {
    const dir = fileURLToPath(new URL('./fixtures/plugins/valid', import.meta.url));
    const pkg = await readPluginPackage(dir);
    expect(pkg).toMatchObject({
      dir,
      name: '@acme/stack-plugin-notes',
      version: '1.2.3',
      description: 'Notes for Stack.',
      entry: join(dir, 'dist/index.js'),
      warnings: [],
    });
    expect(pkg.manifest.category).toBe('workflow');
    expect(pkg.manifest.contributes?.commands?.[0]?.id).toBe('notes.create');
  });

  it('throws MANIFEST_NOT_FOUND without a manifest', async () => {
    const dir = join(fixtures, 'manifests/manifest-missing');
    await expect(readPluginPackage(dir)).rejects.toSatisfy(
      (e) => isStackPluginError(e) && e.code === 'MANIFEST_NOT_FOUND',
    );
  });

  it('throws MANIFEST_INVALID listing every error and naming the plugin', async () => {
    const dir = join(fixtures, 'manifests/several-problems');
    let error: unknown;
    try {
      await readPluginPackage(dir);
    } catch (e) {
      error = e;
    }
    expect(isStackPluginError(error) && error.toJSON()).toEqual({
      code: 'MANIFEST_INVALID',
      plugin: 'stack-plugin-fixture',
      message:
        'The manifest of "stack-plugin-fixture" is invalid: MANIFEST_FIELD_MISSING at stack-plugin.json#/category: The required field "category" is missing. What kind of plugin this is: integration (talks to an outside service), workflow (contributes steps and workflows), ui (themes, formatters), skill (agent skills) or micro (one small function); PERMISSION_INVALID at stack-plugin.json#/permissions/1: "net:exa mple.com" is not a valid permission: "exa mple.com" is not a host name ("exa mple" is not a valid label); the host would deny everything it was meant to allow; PACKAGE_KEYWORD_MISSING at package.json#/keywords: package.json "keywords" does not include "stack-plugin", so hosts and npm search cannot discover the plugin.',
      hint: 'Run `stack-plugin validate` in the plugin folder for every issue and a hint for each.',
    });
  });
});
