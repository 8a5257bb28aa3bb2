import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePermission } from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { commandPlugin, writePlugin } from './_host-fixture.js';

let root: string;
const cli = (...argv: string[]) => runCli(argv, { cwd: root, env: {} });
const PKG = 'stack-plugin-mail';

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-info-'));
  await writePlugin(
    root,
    'notes',
    {
      isolation: 'limited',
      permissions: ['fs:read:notes/**', 'exec:git:log,status'],
      requires: { [PKG]: '^1.0.0' },
      contributes: { commands: [{ id: 'notes.create' }], events: [{ id: 'notes.created' }] },
    },
    commandPlugin('notes.create'),
  );
  // An installed package, as `add` leaves it: declared in package.json with a range.
  await writePlugin(
    root,
    join('node_modules', PKG),
    {
      category: 'workflow',
      permissions: ['state'],
      contributes: { commands: [{ id: 'mail.send' }] },
    },
    commandPlugin('mail.send'),
    '1.2.0',
  );
  await writePlugin(
    root,
    'broken',
    {},
    `export default { activate() { throw new Error('cannot start'); } };\n`,
  );
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ private: true, dependencies: { [PKG]: '^1.0.0' } }),
  );
  await writeFile(
    join(root, 'stack.config.json'),
    JSON.stringify({
      plugins: [
        { path: 'notes', isolation: 'strict' },
        { package: PKG, permissions: ['state'] },
        { path: 'broken', enabled: false },
      ],
    }),
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin info', () => {
  it('describes an installed package: versions, range, grants, permissions with risk, state', async () => {
    const result = await cli('info', PKG, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      name: PKG,
      version: '1.2.0',
      description: 'host command test plugin',
      dir: join(root, 'node_modules', PKG),
      source: { package: PKG },
      enabled: true,
      state: 'active',
      category: 'workflow',
      host: { range: '^1.0.0', version: '1.0.0', accepts: true },
      isolation: { declared: 'none', effective: 'none' },
      range: '^1.0.0',
      requires: {},
      // Risk and text are the capability table's (pdk), not this command's.
      permissions: [{ permission: 'state', ...describePermission('state') }],
      withheld: [],
      denied: [],
      recordedGrants: ['state'],
      contributions: { commands: ['mail.send'] },
    });
  });

  it('prints a folder plugin with the isolation the config raised and its permissions by risk', async () => {
    const result = await cli('info', 'notes');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'notes 1.0.0  active',
        '  host command test plugin',
        `  config: path notes  (${join(root, 'notes')})`,
        '  installed: 1.0.0  range: none in package.json',
        '  category: integration',
        '  host API: ^1.0.0 (this host: 1.0.0, accepted)',
        '  isolation: strict (the manifest asks for limited)',
        `  requires: ${PKG} ^1.0.0`,
        '  permissions:',
        '    high     exec:git:log,status  Run "git" with first argument "log" or "status" (without a shell) with your user\'s rights; the repository\'s own hooks and settings still apply.',
        '    low      fs:read:notes/**     Read files in the workspace matching "notes/**".',
        '  contributes:',
        '    commands: notes.create',
        '    events: notes.created',
        '',
      ].join('\n'),
    });
  });

  it('shows what the config narrows: granted, asked for but not granted, denied', async () => {
    await writeFile(
      join(root, 'stack.config.json'),
      JSON.stringify({
        plugins: [{ path: 'notes', grant: ['fs:read:notes/public/**'], deny: ['exec'] }],
      }),
    );
    const info = JSON.parse((await cli('info', 'notes', '--json')).stdout);
    expect(info).toMatchObject({
      permissions: [{ permission: 'fs:read:notes/public/**' }],
      withheld: ['fs:read:notes/**', 'exec:git:log,status'],
      denied: ['exec'],
    });
    const text = (await cli('info', 'notes')).stdout;
    expect(text).toContain(
      '  asked for but not granted: fs:read:notes/**, exec:git:log,status\n  denied: exec\n',
    );
  });

  it('reports a disabled plugin as validated, and a failed one with its error and exit 1', async () => {
    const disabled = JSON.parse((await cli('info', 'broken', '--json')).stdout);
    expect(disabled).toMatchObject({ enabled: false, state: 'validated' });
    expect((await cli('enable', 'broken')).code).toBe(0);
    const failed = await cli('info', 'broken', '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      enabled: true,
      state: 'failed',
      error: {
        code: 'PLUGIN_ACTIVATION_FAILED',
        message: '"broken" failed during activate: cannot start.',
        plugin: 'broken',
      },
    });
    // The text form shows the code and hint too, as every command prints an error.
    const text = (await cli('info', 'broken')).stdout;
    expect(text).toContain(
      '  error PLUGIN_ACTIVATION_FAILED "broken" failed during activate: cannot start.\n    hint: ',
    );
  });

  it('refuses a plugin the config does not reach, naming the closest one', async () => {
    const result = await cli('info', 'stack-plugin-mial', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'PLUGIN_NOT_CONFIGURED',
      hint: `Did you mean "${PKG}"? Configured plugins: notes, ${PKG}, broken.`,
    });
  });
});
