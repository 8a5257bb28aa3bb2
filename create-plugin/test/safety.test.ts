import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir, tree } from './support/run-scaffolder.js';
import { spawnScaffolder } from './support/spawn-scaffolder.js';

const FLAGS = ['--template', 'micro', '--yes', '--no-install', '--no-git'];
const PATH_HINT =
  'Pass a folder such as my-plugin, ../plugins/my-plugin or an absolute path, with portable names and no symbolic links on the way.';

/** The error block the scaffolder prints on stderr. */
const errorText = (message: string, hint: string) => `\n✖ ${message}\n  ${hint}\n`;

describe('bad folder names and package names', () => {
  it.each([
    ['CON', '"CON" is a reserved device name on Windows'],
    ['plugins/aux.txt', '"aux.txt" is a reserved device name on Windows'],
    ['trailing.', '"trailing." ends with a dot or a space'],
    ['what?', '"what?" contains one of <>:"|?*'],
    ['node_modules', '"node_modules" is reserved for installed packages'],
    ['~/plugin', '"~" is not expanded here; pass the folder without it'],
  ])('refuses the folder %j (exit 2) and writes nothing', async (dir, detail) => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, [dir, ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      errorText(`"${dir}" cannot be used as the project folder: ${detail}.`, PATH_HINT),
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  const URL_SAFE = 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")';
  it.each([
    ['My Plugin', 'it has upper-case letters', 'my-plugin'],
    ['http', '"http" is reserved (a Node.js core module or npm special name)', undefined],
    ['.hidden', 'it starts with "." or "_"', 'hidden'],
    ['_private', 'it starts with "." or "_"', 'private'],
    ['café', URL_SAFE, 'caf'],
  ])('refuses the folder %j as a package name (exit 2)', async (dir, detail, suggestion) => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, [dir, ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      errorText(
        `"${dir}" cannot be used as a package name: ${detail}.`,
        suggestion === undefined
          ? 'Use lowercase letters, digits and dashes, optionally scoped (@scope/name); pass it with --name.'
          : `Use a lowercase, URL-safe name such as "${suggestion}"; pass it with --name.`,
      ),
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  it.each([
    ['../evil', 'it starts with "." or "_"'],
    ['@scope/a/b', URL_SAFE],
    ['favicon.ico', '"favicon.ico" is reserved (a Node.js core module or npm special name)'],
  ])('refuses --name %j (exit 2)', async (name, detail) => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, ['ok', '--name', name, ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[1]).toBe(
      `✖ "${name}" cannot be used as a package name: ${detail}.`,
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  it('accepts a fixed --name for a folder whose name is not a valid package name', async () => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, ['My Plugin', '--name', '@acme/my-plugin', ...FLAGS]);
    expect(result.code).toBe(0);
    const pkg = JSON.parse(await readFile(join(cwd, 'My Plugin', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@acme/my-plugin');
  });

  it('rejects unknown flags and values with usage errors (exit 2)', async () => {
    const cwd = await tempDir();
    const hint =
      'Run `npm create stack-plugin -- --help` to see every flag and its accepted values.';
    expect((await runScaffolder(cwd, ['x', '--template', 'huge'])).stderr).toBe(
      errorText(
        'Unknown template "huge"; choose one of integration, workflow, micro, ui, skill.',
        hint,
      ),
    );
    const unknown = await runScaffolder(cwd, ['x', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(errorText('Unknown option "--colour".', hint));
    expect((await runScaffolder(cwd, ['x', '--templte', 'ui'])).stderr).toBe(
      errorText('Unknown option "--templte" (did you mean "--template"?).', hint),
    );
    expect((await runScaffolder(cwd, ['a', 'b'])).stderr).toBe(
      errorText('Expected at most one folder, got "a", "b".', hint),
    );
    expect((await runScaffolder(cwd, ['x', '--features', 'ci,lasers'])).stderr).toBe(
      errorText(
        'Unknown feature "lasers"; choose one of examples, docs, ci, changesets, none.',
        hint,
      ),
    );
    expect((await runScaffolder(cwd, ['x', '--pm', 'pip'])).code).toBe(2);
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('existing folders', () => {
  it('refuses a non-empty folder and leaves it untouched (exit 1)', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'taken'));
    await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine');
    const result = await runScaffolder(cwd, ['taken', ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      errorText(
        'taken is not empty: it holds notes.txt.',
        'Choose another folder or empty this one; --force adds the project next to the existing files but never overwrites any.',
      ),
    );
    expect(await tree(cwd)).toEqual(['taken', 'taken/notes.txt']);
  });

  it('treats a folder holding only ignorable files (.git, .DS_Store, .idea) as empty', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'repo', '.git'), { recursive: true });
    await writeFile(join(cwd, 'repo', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(cwd, 'repo', '.DS_Store'), '');
    await mkdir(join(cwd, 'repo', '.idea'));
    const result = await runScaffolder(cwd, ['repo', ...FLAGS]);
    expect(result.code).toBe(0);
    const files = await tree(join(cwd, 'repo'));
    expect(files).toContain('stack-plugin.json');
    expect(files).toContain('.git/HEAD');
    expect(await readFile(join(cwd, 'repo', '.git', 'HEAD'), 'utf8')).toBe(
      'ref: refs/heads/main\n',
    );
  });

  it('creates the project in the current folder with "."', async () => {
    const parent = await tempDir();
    const cwd = join(parent, 'here-plugin');
    await mkdir(cwd);
    const result = await runScaffolder(cwd, ['.', ...FLAGS]);
    expect(result.code).toBe(0);
    const pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('here-plugin');
    expect(result.stdout).not.toContain('cd .');
  });

  it('--force adds the project next to existing files', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'mixed', 'src'), { recursive: true });
    await writeFile(join(cwd, 'mixed', 'notes.txt'), 'mine');
    await writeFile(join(cwd, 'mixed', 'src', 'extra.ts'), 'export const mine = 1;\n');
    const result = await runScaffolder(cwd, ['mixed', '--force', ...FLAGS]);
    expect(result.code).toBe(0);
    expect(await readFile(join(cwd, 'mixed', 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(cwd, 'mixed', 'src', 'extra.ts'), 'utf8')).toBe(
      'export const mine = 1;\n',
    );
    expect(await tree(join(cwd, 'mixed'))).toContain('src/index.ts');
  });

  it('--force never overwrites: a clash refuses the whole run and changes nothing', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'clash'));
    await writeFile(join(cwd, 'clash', 'README.md'), '# my own readme\n');
    await writeFile(join(cwd, 'clash', 'package.json'), '{"name":"mine"}');
    const before = await tree(cwd);
    const result = await runScaffolder(cwd, ['clash', '--force', ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      errorText(
        'clash already holds files the template would write (README.md, package.json), and existing files are never overwritten.',
        'Nothing was written. Move or rename those files, or choose another folder; --force only adds files next to yours.',
      ),
    );
    expect(await tree(cwd)).toEqual(before);
    expect(await readFile(join(cwd, 'clash', 'README.md'), 'utf8')).toBe('# my own readme\n');
  });

  it('--force refuses when a file stands where the template needs a folder', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'odd'));
    await writeFile(join(cwd, 'odd', 'src'), 'a file, not a folder');
    const result = await runScaffolder(cwd, ['odd', '--force', ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'odd already holds files the template would write (src/index.ts',
    );
    expect(await tree(cwd)).toEqual(['odd', 'odd/src']);
  });

  it('refuses when the target is a file', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'afile'), 'x');
    const result = await runScaffolder(cwd, ['afile', ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[1]).toBe(
      '✖ "afile" cannot be used as the project folder: a file with that name exists.',
    );
  });
});

describe('half-written projects', () => {
  it('a failure while writing leaves no project, no staging folder, no created parent', async () => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, ['deep/nested/proj', ...FLAGS], {
      env: { CREATE_STACK_PLUGIN_TEST_HOOK: 'fail-mid-write' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /✖ The project could not be written to .*: .*test hook: failing mid-write\./,
    );
    expect(result.stderr).toContain('Nothing was left behind.');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a failure inside an existing folder keeps the folder and what it held', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'kept', '.git'), { recursive: true });
    const result = await runScaffolder(cwd, ['kept', ...FLAGS], {
      env: { CREATE_STACK_PLUGIN_TEST_HOOK: 'fail-mid-write' },
    });
    expect(result.code).toBe(1);
    expect(await tree(cwd)).toEqual(['kept', 'kept/.git']);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s in the middle of writing leaves nothing behind',
    async (signal) => {
      const cwd = await tempDir();
      const run = spawnScaffolder(cwd, ['new/proj', ...FLAGS], {
        CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-write',
      });
      await run.waitForStderr('[test-hook] paused mid-write');
      // Half of the files are in the staging folder at this point.
      const staged = await tree(cwd);
      const stagedFiles = staged.filter((p) => /\.stack-tmp-[^/]+\/.+\.\w+$/.test(p));
      expect(stagedFiles.length).toBeGreaterThan(3);
      run.child.kill(signal);
      const result = await run.done;
      expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(result.stderr).toContain(`Interrupted (${signal}). Nothing was written.`);
      expect(await readdir(cwd)).toEqual([]);
    },
  );

  it('a read-only parent folder fails cleanly (skipped as root, who can write anyway)', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'locked'));
    await chmod(join(cwd, 'locked'), 0o555);
    const result = await runScaffolder(cwd, ['locked/proj', ...FLAGS]);
    await chmod(join(cwd, 'locked'), 0o755);
    if (process.getuid?.() === 0) {
      expect(result.code).toBe(0);
      return;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✖ The project could not be written to');
    expect(await tree(cwd)).toEqual(['locked']);
  });
});
