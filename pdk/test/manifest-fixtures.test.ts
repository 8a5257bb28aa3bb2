import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validatePluginDir } from '../src/index.js';

const root = fileURLToPath(new URL('./fixtures/manifests/', import.meta.url));
const cases = readdirSync(root).sort();

interface Expected {
  issues: Array<{ file: string; code: string; path: string }>;
}

describe('invalid manifest fixtures (test/fixtures/manifests/<case>)', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(root, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const report = await validatePluginDir(dir);
    expect(report.issues.map(({ file, code, path }) => ({ file, code, path }))).toEqual(
      expected.issues,
    );
    expect(report.ok).toBe(!report.issues.some((i) => i.severity === 'error'));
  });
});

describe('a complete valid plugin', () => {
  it('has no issues at all', async () => {
    const dir = fileURLToPath(new URL('./fixtures/plugins/valid/', import.meta.url));
    expect(await validatePluginDir(dir)).toEqual({ ok: true, issues: [], fixed: [] });
  });
});
