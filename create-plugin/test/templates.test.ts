import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_SCHEMA_URL, validateManifest } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { listFiles, TEMPLATES, templatesRoot } from '../src/index.js';
import { kitCli } from './support/kit-cli.js';

const root = templatesRoot();
const readJson = async (path: string) =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe.each(TEMPLATES.map((t) => t.value))('the %s template', (template) => {
  const dir = join(root, template);

  it('has a manifest of its category that validates without issues', async () => {
    const manifest = await readJson(join(dir, 'stack-plugin.json'));
    expect(manifest.category).toBe(template);
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    const report = validateManifest({
      manifest,
      packageJson: { name: `stack-plugin-${template}`, version: '0.1.0', main: './dist/index.js' },
      fileExists: () => true,
    });
    expect(report.issues.filter((i) => i.file === 'stack-plugin.json')).toEqual([]);
  });

  // The generated types ship with the template so a new project type-checks before its first
  // `stack-plugin typegen`. Run with UPDATE_TEMPLATE_TYPES=1 to rewrite them after a change.
  it('ships stack-plugin-env.d.ts generated from its manifest', async () => {
    const result = await (await kitCli()).generatePluginTypes(dir, {
      check: process.env.UPDATE_TEMPLATE_TYPES !== '1',
    });
    expect(result.stale && !result.written, 'stale: run with UPDATE_TEMPLATE_TYPES=1').toBe(false);
  });

  it('has its own entry, unit tests, harness tests, README and example host config', async () => {
    const files = await listFiles(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md.hbs',
        'src/index.ts',
        'stack-plugin-env.d.ts',
        'stack-plugin.json',
        'test/plugin.test.ts',
        '_features/examples/examples/README.md.hbs',
        '_features/examples/examples/stack.config.json.hbs',
      ]),
    );
    expect(files.some((f) => /^src\/.+\.test\.ts$/.test(f))).toBe(true);
  });
});

describe('templates/versions.json', () => {
  it('pins the same tool versions this workspace builds and tests with', async () => {
    const versions = await readJson(join(root, 'versions.json'));
    const workspace = await readJson(join(root, '..', 'package.json'));
    const devDependencies = workspace.devDependencies as Record<string, string>;
    for (const [name, version] of Object.entries(versions)) {
      expect({ name, version }).toEqual({ name, version: devDependencies[name] });
    }
  });
});
