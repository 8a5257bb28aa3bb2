import { execFileSync } from 'node:child_process';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir } from './support/run-scaffolder.js';

const BASE = ['-t', 'micro', '--description', 'x', '--features', 'none'];

/** A folder holding a fake package manager that logs its arguments and working directory. */
async function fakePackageManager(name: string, exitCode = 0, output = '') {
  const bin = await tempDir();
  const log = join(bin, 'calls.log');
  await writeFile(
    join(bin, name),
    `#!/bin/sh\necho "$PWD $*" >> "${log}"\nprintf '%s' "${output}"\nexit ${exitCode}\n`,
  );
  await chmod(join(bin, name), 0o755);
  return {
    bin,
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).trim().split('\n'),
  };
}

const gitIdentity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

describe('installing dependencies', () => {
  it('runs the chosen package manager in the new project', async () => {
    const cwd = await tempDir();
    const pm = await fakePackageManager('pnpm');
    const result = await runScaffolder(
      cwd,
      ['p', ...BASE, '--pm', 'pnpm', '--install', '--no-git'],
      {
        env: { PATH: `${pm.bin}:${process.env.PATH}` },
      },
    );
    expect(result.code).toBe(0);
    expect(await pm.calls()).toEqual([`${join(cwd, 'p')} install`]);
    expect(result.stdout).toContain(
      'Installing dependencies with pnpm...\nDependencies installed\n',
    );
    expect(result.stdout).not.toContain('\npnpm install\n');
  });

  it('a failed install keeps the complete project and says what to run', async () => {
    const cwd = await tempDir();
    const pm = await fakePackageManager('npm', 1, 'npm error 404 Not Found - @stack-plugin/pdk');
    const result = await runScaffolder(
      cwd,
      ['p', ...BASE, '--pm', 'npm', '--install', '--no-git'],
      {
        env: { PATH: `${pm.bin}:${process.env.PATH}` },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      '\n✖ The project in p is complete, but `npm install` failed: npm error 404 Not Found - @stack-plugin/pdk.\n  Run `npm install` inside p yourself; the generated files are unaffected.\n',
    );
    await access(join(cwd, 'p', 'stack-plugin.json'));
  });

  it('a missing package manager is named', async () => {
    const cwd = await tempDir();
    const empty = await tempDir();
    const result = await runScaffolder(
      cwd,
      ['p', ...BASE, '--pm', 'bun', '--install', '--no-git'],
      {
        env: { PATH: empty },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('but `bun install` failed: bun is not installed.');
  });
});

describe('git', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...gitIdentity }, encoding: 'utf8' });

  it('creates a repository with every generated file in a first commit', async () => {
    const cwd = await tempDir();
    const result = await runScaffolder(
      cwd,
      ['p', ...BASE, '--pm', 'npm', '--no-install', '--git'],
      {
        env: gitIdentity,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created a git repository with a first commit.');
    const dir = join(cwd, 'p');
    expect(git(dir, 'log', '--format=%s')).toBe('Initial commit from create-stack-plugin\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'ls-files')).toContain('stack-plugin.json');
  });

  // Regression: `stack-plugin pack` writes its tarball into the project, which git then offered
  // to commit.
  it('ignores what build, docs and pack write into the project', async () => {
    const cwd = await tempDir();
    await runScaffolder(cwd, ['p', ...BASE, '--pm', 'npm', '--no-install', '--git'], {
      env: gitIdentity,
    });
    const dir = join(cwd, 'p');
    const outputs = ['dist/index.js', 'docs-site/html/index.html', 'p-0.1.0.tgz'];
    for (const file of outputs) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), '');
    }
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(
      git(dir, 'check-ignore', ...outputs)
        .trim()
        .split('\n'),
    ).toEqual(outputs);
  });

  it('joins an enclosing repository instead of nesting one', async () => {
    const cwd = await tempDir();
    git(cwd, 'init', '--quiet');
    await mkdir(join(cwd, 'plugins'));
    const result = await runScaffolder(
      join(cwd, 'plugins'),
      ['p', ...BASE, '--pm', 'npm', '--no-install', '--git'],
      {
        env: gitIdentity,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Inside an existing git repository: skipped git init.');
    await expect(access(join(cwd, 'plugins', 'p', '.git'))).rejects.toThrow(/ENOENT/);
  });

  it('skips git, with a warning, when git is not installed', async () => {
    const cwd = await tempDir();
    const empty = await tempDir();
    const result = await runScaffolder(
      cwd,
      ['p', ...BASE, '--pm', 'npm', '--no-install', '--git'],
      {
        env: { PATH: empty },
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'warning: git is not installed: skipped creating a repository.',
    );
  });
});

describe('the template record', () => {
  it('records template, version, features and a hash of every generated file', async () => {
    const cwd = await tempDir();
    await runScaffolder(cwd, ['p', ...BASE, '--pm', 'npm', '--no-install', '--no-git', '--ci']);
    const record = JSON.parse(
      await readFile(join(cwd, 'p', '.stack-plugin/template.json'), 'utf8'),
    );
    expect(record).toMatchObject({
      template: 'micro',
      templateVersion: '0.1.0',
      generator: expect.stringMatching(/^create-stack-plugin@\d+\.\d+\.\d+/),
      features: { examples: false, docs: false, ci: true, changesets: false },
    });
    const { createHash } = await import('node:crypto');
    const files = Object.keys(record.files);
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files).not.toContain('.stack-plugin/template.json');
    for (const file of files) {
      const bytes = await readFile(join(cwd, 'p', file));
      expect(record.files[file]).toBe(`sha256-${createHash('sha256').update(bytes).digest('hex')}`);
    }
  });
});
