import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATENCY_BOUNDS_MS } from '@stack-plugin/host';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { writePlugin } from './_host-fixture.js';

let root: string;

const plugin = (folder: string, manifest: object, code: string) =>
  writePlugin(root, folder, manifest, code);

const NOTES_CODE = `export default {
  async activate(ctx) {
    await ctx.commands.register('notes.create', () => 'ok');
    await ctx.state.set('activated', true);
    await ctx.metrics.gauge('open_notes', 3, { folder: 'notes' });
  },
};
`;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-list-'));
  await plugin(
    'notes',
    {
      permissions: ['fs:read:notes/**', 'exec:git:log,status', 'state:shared'],
      contributes: {
        commands: [{ id: 'notes.create' }],
        events: [{ id: 'notes.created' }],
      },
    },
    NOTES_CODE,
  );
  await plugin(
    'broken',
    { contributes: { commands: [{ id: 'broken.run' }] } },
    `export default {
  async activate() {
    throw new Error('cannot start');
  },
};
`,
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The call figures of a plugin no call reached. */
const NO_CALLS = {
  calls: 0,
  errors: 0,
  timeouts: 0,
  rejected: 0,
  restarts: 0,
  bytesIn: 0,
  bytesOut: 0,
  latency: {
    boundsMs: [...LATENCY_BOUNDS_MS],
    counts: LATENCY_BOUNDS_MS.map(() => 0),
    sumMs: 0,
    count: 0,
  },
};

const config = (plugins: object[]) =>
  writeFile(join(root, 'stack.config.json'), JSON.stringify({ plugins }));

describe('stack-plugin list', () => {
  it('prints states, isolation, permissions by risk and contributions; exit 0 when healthy', async () => {
    await config([{ path: 'notes' }]);
    const result = await runCli(['list'], { cwd: root, env: {} });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'notes 1.0.0  active  isolation: none',
        '  permissions:',
        '    high     exec:git:log,status  Run "git" with first argument "log" or "status" (without a shell) with your user\'s rights; the repository\'s own hooks and settings still apply.',
        '    medium   state:shared         Read and change data shared by all plugins, as well as keep its own.',
        '    low      fs:read:notes/**     Read files in the workspace matching "notes/**".',
        '  contributes:',
        '    commands: notes.create',
        '    events: notes.created',
        '',
      ].join('\n'),
    });
  });

  it('shows a lazy plugin as lazy, its code not run, and a healthy exit', async () => {
    await plugin(
      'later',
      {
        activationEvents: ['onCommand:later.run'],
        contributes: { commands: [{ id: 'later.run' }] },
      },
      `export default { activate() { throw new Error('must not run at start'); } };\n`,
    );
    await config([{ path: 'notes' }, { path: 'later' }]);
    const result = await runCli(['list', '--json'], { cwd: root, env: {} });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(listed.plugins.map((p: { name: string; state: string }) => [p.name, p.state])).toEqual([
      ['notes', 'active'],
      ['later', 'lazy'],
    ]);
    const text = await runCli(['list'], { cwd: root, env: {} });
    expect(text.stdout).toContain('later 1.0.0  lazy  isolation: none');
  });

  it('reports failed plugins with their error, as JSON too, and exits 1', async () => {
    await config([{ path: 'notes' }, { path: 'broken' }, { package: 'not-installed' }]);
    const result = await runCli(['list', '--json'], { cwd: root, env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const listed = JSON.parse(result.stdout);
    expect(listed.plugins.map((p: { name: string; state: string }) => [p.name, p.state])).toEqual([
      ['notes', 'active'],
      ['broken', 'failed'],
      ['not-installed', 'refused'],
    ]);
    expect(listed.plugins[1].error).toEqual({
      code: 'PLUGIN_ACTIVATION_FAILED',
      message: '"broken" failed during activate: cannot start.',
      hint: 'After the colon is what the plugin threw: fix the plugin, or turn it off with `stack-plugin disable broken` (it stays in stack.config.json, validated but not activated).',
      plugin: 'broken',
    });
    expect(listed.plugins[0]).toMatchObject({
      version: '1.0.0',
      dir: join(root, 'notes'),
      isolation: 'none',
      contributions: { commands: ['notes.create'], events: ['notes.created'] },
    });
    expect(listed.plugins[0].permissions[0]).toEqual({
      permission: 'fs:read:notes/**',
      risk: 'low',
      summary: 'Read files in the workspace matching "notes/**".',
    });
    // A plugin refused before loading is a row of its own, with its error.
    expect(listed.plugins[2].error).toMatchObject({
      code: 'PLUGIN_NOT_FOUND',
      plugin: 'not-installed',
    });
    expect(listed.problems).toEqual([]);
  });

  it('adds what the host measured for each plugin with --metrics (shape only: times vary)', async () => {
    await config([{ path: 'notes' }, { path: 'broken', enabled: false }]);
    const json = await runCli(['list', '--metrics', '--json'], { cwd: root, env: {} });
    expect(json.code).toBe(0);
    const [notes, broken] = JSON.parse(json.stdout).plugins;
    expect(notes.metrics).toEqual({
      loadMs: expect.any(Number),
      activateMs: expect.any(Number),
      ...NO_CALLS,
      recorded: [{ name: 'open_notes', kind: 'gauge', labels: { folder: 'notes' }, value: 3 }],
    });
    // Disabled: validated only, never loaded, so nothing was timed.
    expect(broken.metrics).toEqual({ ...NO_CALLS, recorded: [] });
    const text = await runCli(['list', '--metrics'], { cwd: root, env: {} });
    // One line per plugin, in the listing's order: notes (timed), then broken (never loaded).
    expect(text.stdout.split('\n').filter((line) => line.startsWith('  metrics: '))).toEqual([
      expect.stringMatching(
        /^ {2}metrics: load \d+\.\d ms, activate \d+\.\d ms, 0 calls, 0 errors \(0 timeouts\), 0 restarts, p50 -, p95 -, p99 -, 0 B in, 0 B out$/,
      ),
      '  metrics: load -, activate -, 0 calls, 0 errors (0 timeouts), 0 restarts, p50 -, p95 -, p99 -, 0 B in, 0 B out',
    ]);
    // What a plugin recorded itself, one series a line under its metrics.
    expect(text.stdout).toContain('  metrics: load');
    expect(text.stdout.split('\n').filter((line) => line.startsWith('    '))).toContain(
      '    gauge open_notes{folder="notes"} 3',
    );
    expect((await runCli(['list', '--metrics', '--graph'], { cwd: root, env: {} })).code).toBe(2);
  });

  it('prints the metrics in the Prometheus text format with --metrics --format prometheus', async () => {
    await config([{ path: 'notes' }, { path: 'broken', enabled: false }]);
    const result = await runCli(['list', '--metrics', '--format', 'prometheus'], {
      cwd: root,
      env: {},
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines).toContain('# TYPE stack_plugin_calls_total counter');
    expect(lines).toContain(
      'stack_plugin_info{plugin="broken",version="1.0.0",isolation="none",state="validated"} 1',
    );
    expect(lines).toContain('stack_plugin_calls_total{plugin="notes"} 0');
    expect(lines).toContain('stack_plugin_call_duration_seconds_count{plugin="notes"} 0');
    expect(lines).toContain('stack_plugin_recorded_open_notes{folder="notes",plugin="notes"} 3');
    expect(
      lines.filter((line) => /^stack_plugin_load_seconds\{plugin="notes"\} [\d.e-]+$/.test(line)),
    ).toHaveLength(1);
    for (const args of [
      ['list', '--format', 'prometheus'],
      ['list', '--graph', '--format', 'prometheus'],
      ['list', '--metrics', '--format', 'prometheus', '--json'],
      ['list', '--metrics', '--format', 'dot'],
    ]) {
      expect((await runCli(args, { cwd: root, env: {} })).code, args.join(' ')).toBe(2);
    }
  });

  it('escapes terminal control sequences in plugin text (a plugin cannot erase the line above)', async () => {
    await plugin(
      'sneaky',
      { permissions: ['exec:bash'] },
      `export default { activate() { throw new Error('oops\\u001b[1A\\u001b[2K\\rall good\\nfake'); } };\n`,
    );
    await config([{ path: 'sneaky' }]);
    const result = await runCli(['list'], { cwd: root, env: {} });
    expect(result.code).toBe(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none is printed.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(result.stdout).toContain(
      'failed during activate: oops\\x1b[1A\\x1b[2K\\x0dall good\\x0afake.',
    );
    expect(result.stdout).toContain('critical exec:bash');
  });

  it('runs no plugin code with --no-activate, and keeps the config file relative paths', async () => {
    await mkdir(join(root, 'ci'));
    await writeFile(
      join(root, 'ci', 'hosts.json'),
      JSON.stringify({
        plugins: [{ path: '../notes' }, { path: '../broken' }],
        discover: { folders: ['../more'] },
      }),
    );
    await mkdir(join(root, 'more'));
    await plugin(
      'more/extra',
      { isolation: 'strict' },
      'export default { activate() { throw 1; } };\n',
    );
    const result = await runCli(['list', '--config', 'ci/hosts.json', '--no-activate', '--json'], {
      cwd: root,
      env: {},
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(
      listed.plugins.map((p: { name: string; state: string; isolation: string }) => [
        p.name,
        p.state,
        p.isolation,
      ]),
    ).toEqual([
      ['notes', 'validated', 'none'],
      ['broken', 'validated', 'none'],
      ['extra', 'validated', 'strict'],
    ]);
  });

  it('fails with the host error on an invalid config, and says so when there are no plugins', async () => {
    await writeFile(join(root, 'stack.config.json'), '{ not json');
    const bad = await runCli(['list', '--json'], { cwd: root, env: {} });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr)).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^.*stack\.config\.json does not match its schema: /),
        hint: expect.any(String),
      },
    });
    await config([]);
    expect(await runCli(['list'], { cwd: root, env: {} })).toEqual({
      code: 0,
      stdout: 'No plugins configured.\n',
      stderr: '',
    });
    expect((await runCli(['list', 'extra'], { cwd: root, env: {} })).code).toBe(2);
  });
});
