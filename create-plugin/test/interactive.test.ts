import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir, tree } from './support/run-scaffolder.js';
import { scriptedPrompt } from './support/scripted-prompt.js';

describe('interactive runs (scripted prompt)', () => {
  it('asks every question flags did not answer, in order, and uses the answers', async () => {
    const cwd = await tempDir();
    const script = scriptedPrompt([
      'notes-plugin',
      'Keeps notes',
      'workflow',
      ['ci', 'docs'],
      'pnpm',
      false,
      false,
    ]);
    const result = await runScaffolder(cwd, [], { prompt: script.prompt });
    expect(result.code).toBe(0);
    expect(script.asked).toEqual([
      'Where should the plugin be created?',
      'Describe the plugin in one line:',
      'Which kind of plugin?',
      'Include (space to toggle):',
      'Which package manager?',
      'Initialise a git repository?',
      'Install dependencies now?',
    ]);
    const files = await tree(join(cwd, 'notes-plugin'));
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files).toContain('docs/guide.md');
    expect(files).not.toContain('.changeset/config.json');
    expect(files.some((f) => f.startsWith('examples/'))).toBe(false);
    const pkg = JSON.parse(await readFile(join(cwd, 'notes-plugin', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'notes-plugin', description: 'Keeps notes' });
    expect(pkg.scripts.release).toBeUndefined();
    expect(pkg.devDependencies['@changesets/cli']).toBeUndefined();
    const ci = await readFile(join(cwd, 'notes-plugin', '.github/workflows/ci.yml'), 'utf8');
    expect(ci).toContain('- uses: pnpm/action-setup@v4');
    expect(ci).toContain('run: pnpm validate');
    expect(script.said.at(-2)).toBe(
      'note Next steps: cd notes-plugin\npnpm install\npnpm dev           # run it in a dev host: hot reload on save, commands at a prompt\npnpm test          # unit, security and performance suites\npnpm validate      # check stack-plugin.json\npnpm typegen       # after editing stack-plugin.json\npnpm docs          # build the docs',
    );
  });

  it('asks nothing that a flag answers, and detects the package manager that launched it', async () => {
    const cwd = await tempDir();
    const script = scriptedPrompt(['A plugin']);
    const result = await runScaffolder(
      cwd,
      ['p', '--template', 'ui', '--features', 'none', '--no-git', '--no-install'],
      { prompt: script.prompt, env: { npm_config_user_agent: 'yarn/4.5.0 npm/? node/v22.12.0' } },
    );
    expect(result.code).toBe(0);
    expect(script.asked).toEqual(['Describe the plugin in one line:']);
    expect(script.said).toContain('outro: Created p. Happy hacking!');
    expect(await readFile(join(cwd, 'p', 'README.md'), 'utf8')).toContain('`yarn test`');
  });

  it('asks for a package name when the folder name is not one', async () => {
    const cwd = await tempDir();
    const script = scriptedPrompt(['my-plugin']);
    const result = await runScaffolder(
      cwd,
      [
        'My Plugin',
        '-t',
        'micro',
        '--description',
        'x',
        '--features',
        'none',
        '--pm',
        'npm',
        '--no-git',
        '--no-install',
      ],
      {
        prompt: script.prompt,
      },
    );
    expect(result.code).toBe(0);
    expect(script.asked).toEqual(['"My Plugin" is not a valid package name. Package name:']);
  });

  it('a cancel at any question exits 130 and writes nothing', async () => {
    const cwd = await tempDir();
    const script = scriptedPrompt(['p', 'desc', { cancel: true }]);
    const result = await runScaffolder(cwd, [], { prompt: script.prompt });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe(
      '\n✖ Scaffolding was cancelled before the project was written.\n  Nothing was written; run the command again when ready.\n',
    );
    expect(await tree(cwd)).toEqual([]);
  });
});
