import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { commandPlugin, writePlugin } from './_host-fixture.js';

let root: string;
const cli = (...argv: string[]) => runCli(argv, { cwd: root, env: {} });
const configFile = () => join(root, 'stack.config.json');
const states = async () =>
  (
    JSON.parse((await cli('list', '--json')).stdout).plugins as Array<{
      name: string;
      state: string;
    }>
  ).map((p) => [p.name, p.state]);

// Tabs, a trailing comment-free layout and fields the CLI does not model: all must survive.
const CONFIG = `{
\t"$schema": "./node_modules/@stack-plugin/pdk/schema/stack-config.schema.json",
\t"plugins": [
\t\t{ "path": "notes", "config": { "greeting": "hi" } },
\t\t{
\t\t\t"path": "app",
\t\t\t"isolation": "none"
\t\t}
\t],
\t"discover": { "folders": ["more"] }
}
`;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-enable-'));
  await writePlugin(
    root,
    'notes',
    {
      config: { type: 'object', properties: { greeting: { type: 'string' } } },
      contributes: { commands: [{ id: 'notes.create' }] },
    },
    commandPlugin('notes.create'),
  );
  await writePlugin(
    root,
    'app',
    { requires: { notes: '^1.0.0' }, contributes: { commands: [{ id: 'app.run' }] } },
    commandPlugin('app.run'),
  );
  await writePlugin(
    root,
    'more/extra',
    { contributes: { commands: [{ id: 'extra.run' }] } },
    commandPlugin('extra.run'),
  );
  await writeFile(configFile(), CONFIG);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin enable / disable', () => {
  it('disables a plugin in place, keeping the file as written, and a host then does not activate it', async () => {
    const result = await cli('disable', 'app');
    expect(result).toEqual({
      code: 0,
      stdout: `Disabled app in ${configFile()}: a host validates it but does not activate it.\n`,
      stderr: '',
    });
    expect(await readFile(configFile(), 'utf8')).toBe(
      CONFIG.replace('"isolation": "none"', '"isolation": "none",\n\t\t\t"enabled": false'),
    );
    expect(await states()).toEqual([
      ['notes', 'active'],
      ['app', 'validated'],
      ['extra', 'active'],
    ]);
    const enabled = await cli('enable', 'app', '--json');
    expect(JSON.parse(enabled.stdout)).toEqual({
      name: 'app',
      enabled: true,
      changed: true,
      configFile: configFile(),
      requiredBy: [],
    });
    expect(await readFile(configFile(), 'utf8')).toBe(CONFIG);
    expect(await states()).toEqual([
      ['notes', 'active'],
      ['app', 'active'],
      ['extra', 'active'],
    ]);
  });

  it('is idempotent: a second disable (or an enable of an enabled plugin) writes nothing', async () => {
    expect((await cli('disable', 'notes', '--json')).code).toBe(0);
    const after = await readFile(configFile(), 'utf8');
    expect(await cli('disable', 'notes')).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^notes is already disabled in .*; nothing changed\.\n/),
      stderr: '',
    });
    expect(await readFile(configFile(), 'utf8')).toBe(after);
    expect((await cli('enable', 'extra')).stdout).toBe(
      `extra is already enabled in ${configFile()}; nothing changed.\n`,
    );
    expect(await readFile(configFile(), 'utf8')).toBe(after);
  });

  it('names the enabled plugins that require a disabled one, which then fail to start', async () => {
    const result = await cli('disable', 'notes');
    expect(result.stdout).toBe(
      [
        `Disabled notes in ${configFile()}: a host validates it but does not activate it.`,
        'Note: app requires notes and will fail to start while it is disabled; disable it too, or enable notes again.',
        '',
      ].join('\n'),
    );
    expect(await states()).toEqual([
      ['notes', 'validated'],
      ['app', 'failed'],
      ['extra', 'active'],
    ]);
  });

  it('adds an entry for a plugin found by discovery, since it has none to mark', async () => {
    expect((await cli('disable', 'extra')).code).toBe(0);
    const config = JSON.parse(await readFile(configFile(), 'utf8'));
    expect(config.plugins).toEqual([
      { path: 'notes', config: { greeting: 'hi' } },
      { path: 'app', isolation: 'none' },
      { path: join('more', 'extra'), enabled: false },
    ]);
    expect(await states()).toEqual([
      ['notes', 'active'],
      ['app', 'active'],
      ['extra', 'validated'],
    ]);
  });

  it('refuses an unknown plugin with a coded error and the closest configured name', async () => {
    const result = await cli('disable', 'notse', '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: 'PLUGIN_NOT_CONFIGURED',
        message: `"notse" is not a plugin of ${configFile()}: no entry names it and no discovered folder holds it.`,
        hint: 'Did you mean "notes"? Configured plugins: notes, app, extra.',
        plugin: 'notse',
      },
    });
    expect(await readFile(configFile(), 'utf8')).toBe(CONFIG);
    expect((await cli('enable')).code).toBe(2);
  });

  it('refuses to edit a config the host would refuse, leaving it untouched', async () => {
    const invalid = CONFIG.replace('"discover"', '"dicsover"');
    await writeFile(configFile(), invalid);
    const result = await cli('disable', 'notes', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'HOST_CONFIG_INVALID',
      message: expect.stringContaining('/dicsover'),
    });
    expect(await readFile(configFile(), 'utf8')).toBe(invalid);
  });
});
