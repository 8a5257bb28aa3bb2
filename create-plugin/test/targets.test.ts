import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir, tree } from './support/run-scaffolder.js';
import { scriptedPrompt } from './support/scripted-prompt.js';
import { spawnScaffolder } from './support/spawn-scaffolder.js';

const FLAGS = ['--template', 'micro', '--yes', '--no-install', '--no-git'];

describe('where a project may be created', () => {
  it('accepts a target that climbs out with ".."', async () => {
    const root = await tempDir();
    const cwd = join(root, 'work');
    await mkdir(cwd);
    const result = await runScaffolder(cwd, ['../sibling-plugin', ...FLAGS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readdir(root)).toEqual(['sibling-plugin', 'work']);
    const pkg = JSON.parse(await readFile(join(root, 'sibling-plugin', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('sibling-plugin');
  });

  it('accepts an absolute target, parents included', async () => {
    const root = await tempDir();
    const cwd = await tempDir();
    const target = join(root, 'code', 'abs-plugin');
    const result = await runScaffolder(cwd, [target, ...FLAGS]);
    expect(result.code).toBe(0);
    expect(await tree(target)).toContain('stack-plugin.json');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('still never clobbers an absolute target that holds files', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'taken'));
    await writeFile(join(root, 'taken', 'notes.txt'), 'mine');
    const result = await runScaffolder(await tempDir(), [join(root, 'taken'), ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not empty: it holds notes.txt.');
    expect(await tree(root)).toEqual(['taken', 'taken/notes.txt']);
  });

  it('makes folders with the user umask (0755 under umask 022), not 0700', async () => {
    const cwd = await tempDir();
    const run = spawnScaffolder(cwd, ['moded', ...FLAGS], {}, 15_000, 0o022);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    for (const dir of ['moded', 'moded/src', 'moded/test']) {
      expect((await stat(join(cwd, dir))).mode & 0o777, dir).toBe(0o755);
    }
    expect((await stat(join(cwd, 'moded', 'package.json'))).mode & 0o777).toBe(0o644);
  });
});

describe('symbolic links', () => {
  it('refuses a target that is itself a link and writes nothing through it', async () => {
    const cwd = await tempDir();
    const outside = await tempDir();
    await symlink(outside, join(cwd, 'linked'));
    const result = await runScaffolder(cwd, ['linked', ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `✖ "linked" cannot be used as the project folder: ${join(cwd, 'linked')} is a symbolic link to ${outside}`,
    );
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a target below a linked parent folder', async () => {
    const cwd = await tempDir();
    const outside = await tempDir();
    await symlink(outside, join(cwd, 'plugins'));
    const result = await runScaffolder(cwd, ['plugins/new-one', ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, 'plugins')} is a symbolic link to ${outside}`);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses, under --force, a linked src folder inside the target', async () => {
    const cwd = await tempDir();
    const outside = await tempDir();
    await mkdir(join(cwd, 'forced'));
    await writeFile(join(cwd, 'forced', 'notes.txt'), 'mine');
    await symlink(outside, join(cwd, 'forced', 'src'));
    const result = await runScaffolder(cwd, ['forced', '--force', ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, 'forced', 'src')} is a symbolic link`);
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(join(cwd, 'forced'))).toEqual(['notes.txt', 'src']);
  });
});

describe('the target is checked at the first question', () => {
  it('warns about a folder that holds files and asks for another before anything else', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'taken'));
    await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine');
    const script = scriptedPrompt(['taken', 'fresh', 'A plugin', 'micro', [], 'npm', false, false]);
    const result = await runScaffolder(cwd, [], { prompt: script.prompt });
    expect(result.code).toBe(0);
    expect(script.asked.slice(0, 3)).toEqual([
      'Where should the plugin be created?',
      'Where should the plugin be created?',
      'Describe the plugin in one line:',
    ]);
    expect(script.said).toContain(
      'warn: taken is not empty: it holds notes.txt. Choose another folder or empty this one; --force adds the project next to the existing files but never overwrites any.',
    );
    expect(await tree(join(cwd, 'taken'))).toEqual(['notes.txt']);
    expect(await tree(join(cwd, 'fresh'))).toContain('stack-plugin.json');
  });
});
