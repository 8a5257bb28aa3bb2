// `stack-plugin run` inside a plugin's own folder, where an author has no stack.config.json:
// the plugin itself is the host's one plugin.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { writePlugin } from './_host-fixture.js';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-run-own-'));
  dir = await writePlugin(
    root,
    'own-plugin',
    {
      contributes: {
        commands: [{ id: 'own.greet' }],
        workflows: [
          { id: 'own.flow', steps: [{ id: 'hi', uses: 'own.greet', with: { name: 'Ada' } }] },
        ],
      },
    },
    "export default { activate(ctx) { return ctx.commands.register('own.greet', (input) => `hello ${input.name}`); } };\n",
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin run in a plugin folder without stack.config.json', () => {
  it('runs the folder’s plugin on its own, and says so', async () => {
    expect(await runCli(['run', 'own.greet', '{"name":"Ada"}'], { cwd: dir })).toEqual({
      code: 0,
      stdout: '"hello Ada"\n',
      stderr: "[info] no stack.config.json here: running this folder's plugin on its own\n",
    });
    expect(await runCli(['run', 'own.greet', '{"name":"Ada"}', '--json'], { cwd: dir })).toEqual({
      code: 0,
      stdout: '"hello Ada"\n',
      stderr: '',
    });
  });

  it('plans the folder’s plugin’s workflow with --dry-run, running none of its code', async () => {
    const result = await runCli(['run', 'own.flow', '--workflow', '--dry-run'], { cwd: dir });
    expect(result).toMatchObject({
      code: 0,
      stderr: "[info] no stack.config.json here: running this folder's plugin on its own\n",
    });
    expect(result.stdout).toContain('workflow own.flow, from plugin own-plugin: 1 step');
    expect(result.stdout).toContain('Nothing was run (--dry-run).');
  });

  it('lists and describes the folder’s plugin as the host sees it', async () => {
    const notice = "[info] no stack.config.json here: running this folder's plugin on its own\n";
    const list = await runCli(['list', '--no-activate'], { cwd: dir });
    expect(list).toMatchObject({ code: 0, stderr: notice });
    expect(list.stdout).toContain('own-plugin 1.0.0');
    const info = await runCli(['info', 'own-plugin'], { cwd: dir });
    expect(info).toMatchObject({ code: 0, stderr: notice });
    expect(info.stdout).toContain('config: path .');
    const listed = JSON.parse((await runCli(['list', '--json'], { cwd: dir })).stdout);
    expect(listed.plugins.map((p: { name: string }) => p.name)).toEqual(['own-plugin']);
  });

  it('uses the host config instead when the folder has one', async () => {
    await writeFile(join(dir, 'stack.config.json'), JSON.stringify({ plugins: [] }));
    const result = await runCli(['run', 'own.greet', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.code).toBe('UNKNOWN_COMMAND');
  });
});
