// scripts/check-changesets.ts against throwaway git repositories: a changed publishable
// package needs a changeset added on the branch; private packages, tests and benches do not.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changesetPackages, checkChangesets, countsAsChange } from '../scripts/check-changesets.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], {
    cwd,
    stdio: 'pipe',
  });

async function write(root: string, file: string, text: string) {
  await mkdir(join(root, file, '..'), { recursive: true });
  await writeFile(join(root, file), text);
}

/** A monorepo with two publishable packages and a private one, committed on `main`. */
async function repo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'stack-changesets-'));
  dirs.push(root);
  await write(
    root,
    'package.json',
    JSON.stringify({ private: true, workspaces: ['a', 'b', 'examples/*'] }),
  );
  await write(root, 'a/package.json', JSON.stringify({ name: '@x/a', version: '1.0.0' }));
  await write(root, 'a/src/index.ts', 'export const a = 1;\n');
  await write(root, 'b/package.json', JSON.stringify({ name: '@x/b', version: '1.0.0' }));
  await write(root, 'examples/demo/package.json', JSON.stringify({ name: 'demo', private: true }));
  await write(
    root,
    '.changeset/config.json',
    JSON.stringify({ changedFilePatterns: ['**', '!**/*.test.ts', '!test/**', '!bench/**'] }),
  );
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'init');
  git(root, 'checkout', '-q', '-b', 'feature');
  return root;
}

describe('check-changesets', () => {
  it('fails for a changed package without a changeset, naming it', async () => {
    const root = await repo();
    await write(root, 'a/src/index.ts', 'export const a = 2;\n');
    git(root, 'commit', '-qam', 'change a');
    expect(checkChangesets(root, 'main')).toEqual({
      ok: false,
      base: 'main',
      changed: [{ name: '@x/a', files: ['src/index.ts'], changesets: [] }],
      missing: ['@x/a'],
      emptyChangeset: false,
    });
  });

  it('passes once a changeset names every changed package, including uncommitted work', async () => {
    const root = await repo();
    await write(root, 'a/src/index.ts', 'export const a = 2;\n');
    await write(root, 'b/README.md', '# b\n');
    await write(root, '.changeset/brave-fox.md', '---\n"@x/a": minor\n---\n\nA is two now.\n');
    const half = checkChangesets(root, 'main');
    expect(half.missing).toEqual(['@x/b']);
    await write(root, '.changeset/calm-owl.md', "---\n'@x/b': patch\n---\n\nB has a README.\n");
    expect(checkChangesets(root, 'main')).toMatchObject({ ok: true, missing: [] });
  });

  it('ignores tests, benches and private packages', async () => {
    const root = await repo();
    await write(root, 'a/src/index.test.ts', 'test\n');
    await write(root, 'a/bench/x.bench.ts', 'bench\n');
    await write(root, 'examples/demo/index.js', 'x\n');
    expect(checkChangesets(root, 'main')).toMatchObject({ ok: true, changed: [] });
  });

  it('accepts an empty changeset as "no release needed"', async () => {
    const root = await repo();
    await write(root, 'a/src/index.ts', 'export const a = 3;\n');
    await write(root, '.changeset/quiet-cat.md', '---\n---\n\nInternal refactor.\n');
    expect(checkChangesets(root, 'main')).toMatchObject({ ok: true, emptyChangeset: true });
  });

  it('parses front matter and glob patterns like changesets does', () => {
    expect(changesetPackages('---\n"@x/a": major\nb: none\n---\nbody')).toEqual(['@x/a', 'b']);
    expect(countsAsChange('src/a.ts', ['**', '!**/*.test.ts'])).toBe(true);
    expect(countsAsChange('src/a.test.ts', ['**', '!**/*.test.ts'])).toBe(false);
  });
});
