import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/run-scaffolder.js';
import { spawnScaffolder } from './support/spawn-scaffolder.js';

const ALL_MISSING =
  '--description <text>, --template <integration|workflow|micro|ui|skill>, --features <list|none>, --pm <npm|pnpm|yarn|bun>, --git or --no-git, --install or --no-install';

describe('without a terminal', () => {
  it('never prompts under CI: exits 2 at once, naming every missing flag, writing nothing', async () => {
    const cwd = await tempDir();
    const run = spawnScaffolder(cwd, ['my-plugin'], { CI: 'true' });
    // stdin stays open and silent: a prompt would wait forever (until the safety kill).
    const result = await run.done;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `\n✖ create-stack-plugin cannot ask questions here (CI is set) and these answers were not given as flags: ${ALL_MISSING}.\n` +
        '  Pass those flags, or add --yes to take the defaults for the rest, e.g. `npm create stack-plugin my-plugin -- --template micro --yes`.\n',
    );
    await expect(access(join(cwd, 'my-plugin'))).rejects.toThrow(/ENOENT/);
  });

  it('never prompts with stdin piped and no CI variable', async () => {
    const cwd = await tempDir();
    const run = spawnScaffolder(cwd, ['my-plugin', '--template', 'micro', '--pm', 'npm']);
    run.child.stdin?.write('micro\n');
    const result = await run.done;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '(stdin is not a terminal) and these answers were not given as flags: --description <text>, --features <list|none>, --git or --no-git, --install or --no-install.',
    );
  });

  it('names the folder as missing too when no answer at all is given', async () => {
    const cwd = await tempDir();
    const result = await spawnScaffolder(cwd, [], { CI: '1' }).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('were not given as flags: [dir], --description <text>');
  });

  it('creates the project with --yes and flags, still without a terminal', async () => {
    const cwd = await tempDir();
    const result = await spawnScaffolder(
      cwd,
      ['my-plugin', '--template', 'skill', '--yes', '--no-install', '--no-git'],
      { CI: 'true', npm_config_user_agent: 'pnpm/9.15.0 npm/? node/v24.0.0 linux x64' },
    ).done;
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(result.stdout).toContain('pnpm test');
    await access(join(cwd, 'my-plugin', 'stack-plugin.json'));
  });
});
