import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validatePluginDir } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../src/index.js';
import {
  buildDocs,
  buildProject,
  linkWorkspace,
  runBiome,
  runProjectTests,
  typecheck,
} from './support/check-project.js';
import { kitCli } from './support/kit-cli.js';
import { serveFromReadme } from './support/mcp-snippet.js';
import { runScaffolder, tempDir } from './support/run-scaffolder.js';

// Day one: a project fresh out of the scaffolder passes its own checks, with every feature on.
describe.each(TEMPLATES.map((t) => t.value))('a new %s project', (template) => {
  it('type-checks, lints, builds, validates, passes its own tests and builds its docs', {
    timeout: 180_000,
  }, async () => {
    const cwd = await tempDir();
    const name = `@acme/stack-plugin-${template}`;
    const created = await runScaffolder(cwd, [
      'project',
      '--name',
      name,
      '--description',
      `The "${template}" template's "quotes" & <brackets> survive`,
      '--template',
      template,
      '--yes',
      '--no-install',
      '--no-git',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const dir = join(cwd, 'project');
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name,
      description: `The "${template}" template's "quotes" & <brackets> survive`,
      keywords: expect.arrayContaining(['stack-plugin']),
      engines: { node: '>=22.12' },
      dependencies: { '@stack-plugin/pdk': '^0.1.0' },
    });
    await linkWorkspace(dir);

    // Before the first build the entry is missing, and validate says so.
    expect((await validatePluginDir(dir)).issues.map((i) => i.code)).toEqual(['ENTRY_NOT_FOUND']);
    const bundle = await buildProject(dir);
    expect(bundle).toContain('function definePlugin(');
    expect(bundle).not.toMatch(/^import /m);
    expect(await validatePluginDir(dir)).toEqual({ ok: true, issues: [], fixed: [] });
    if (template === 'skill') {
      // The README's MCP client entry works as written: the built skill is served and called.
      const served = await serveFromReadme(dir, `stack-plugin-${template}`, {
        name: 'dates.business-days',
        arguments: { from: '2025-12-22', to: '2026-01-02', holidays: ['2025-12-25'] },
      });
      expect(served).toMatchObject({
        tools: ['dates.business-days'],
        result: { structuredContent: { businessDays: 9, calendarDays: 12, weekendDays: 2 } },
      });
    }
    expect((await (await kitCli()).generatePluginTypes(dir, { check: true })).stale).toBe(false);
    expect(await typecheck(dir)).toBe('');
    const lint = await runBiome(dir);
    expect(lint.code, lint.output).toBe(0);
    const tests = await runProjectTests(dir, cwd);
    expect(tests.code, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    const docs = await buildDocs(dir);
    expect(docs.code, docs.output).toBe(0);
    await access(join(dir, 'docs-site', 'html', 'index.html'));
  });
});
