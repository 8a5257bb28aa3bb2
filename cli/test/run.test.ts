import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

let root: string;

async function plugin(folder: string, manifest: object, code: string): Promise<void> {
  const dir = join(root, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: folder,
      version: '1.0.0',
      description: 'run command test plugin',
      type: 'module',
      main: 'index.js',
      keywords: ['stack-plugin'],
      engines: { node: '>=22.12' },
    }),
  );
  await writeFile(
    join(dir, 'stack-plugin.json'),
    JSON.stringify({ host: '^1.0.0', category: 'integration', ...manifest }),
  );
  await writeFile(join(dir, 'index.js'), code);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-run-'));
  await plugin(
    'math',
    {
      contributes: {
        commands: [
          {
            id: 'math.double',
            input: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
          },
          { id: 'math.fail' },
          { id: 'math.nothing' },
          { id: 'math.where' },
          { id: 'math.echo' },
        ],
        transformers: [
          { id: 'math.negate', input: { type: 'number' }, output: { type: 'number' } },
        ],
      },
    },
    `export default {
  async activate(ctx) {
    ctx.log.info('math ready');
    await ctx.commands.register('math.double', ({ n }) => ({ result: n * 2 }));
    await ctx.commands.register('math.fail', () => { throw new Error('cannot compute'); });
    await ctx.commands.register('math.nothing', () => undefined);
    await ctx.commands.register('math.echo', (input) => ({ got: input === undefined ? 'undefined' : input }));
    await ctx.transformers.register('math.negate', (n) => -n);
    await ctx.commands.register('math.where', () => ({ hostProcess: typeof globalThis.process?.pid === 'number' }));
  },
};
`,
  );
  await writeFile(join(root, 'stack.config.json'), JSON.stringify({ plugins: [{ path: 'math' }] }));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin run', () => {
  it('prints the result as JSON on stdout and exits 0', async () => {
    expect(await runCli(['run', 'math.double', '--input', '{"n":21}'], { cwd: root })).toEqual({
      code: 0,
      stdout: '{\n  "result": 42\n}\n',
      stderr: '[info] math: math ready\n',
    });
    expect(await runCli(['run', 'math.nothing', '--json'], { cwd: root })).toEqual({
      code: 0,
      stdout: 'null\n',
      stderr: '',
    });
  });

  it('runs any callable kind named <kind>:<id>, with its schemas', async () => {
    expect(
      await runCli(['run', 'transformers:math.negate', '--input', '5', '--json'], { cwd: root }),
    ).toEqual({
      code: 0,
      stdout: '-5\n',
      stderr: '',
    });
    const wrongInput = await runCli(
      ['run', 'transformers:math.negate', '--input', '"x"', '--json'],
      {
        cwd: root,
      },
    );
    expect({ ...wrongInput, stderr: JSON.parse(wrongInput.stderr) }).toMatchObject({
      code: 1,
      stderr: { error: { code: 'VALIDATION_FAILED' } },
    });
    const missing = await runCli(['run', 'skills:math.negate', '--json'], { cwd: root });
    expect({ ...missing, stderr: JSON.parse(missing.stderr) }).toMatchObject({
      code: 1,
      stderr: { error: { code: 'CONTRIBUTION_NOT_FOUND' } },
    });
  });

  it('takes the input as the argument after the id, and refuses it given twice', async () => {
    const run = async (...argv: string[]) => {
      const { code, stdout, stderr } = await runCli(['run', 'math.double', ...argv, '--json'], {
        cwd: root,
      });
      return { code, out: code === 0 ? JSON.parse(stdout) : JSON.parse(stderr).error.message };
    };
    expect(await run('{"n":4}')).toEqual({ code: 0, out: { result: 8 } });
    expect([await run('{"n":4}', '--input', '{"n":5}'), await run('{n:4}')]).toEqual([
      { code: 2, out: expect.stringContaining('after the id or with --input, not both') },
      { code: 2, out: expect.stringContaining('the input after the id is not valid JSON') },
    ]);
  });

  it('reads the input from stdin with --input -', async () => {
    const result = await runCli(['run', 'math.double', '--input', '-', '--json'], {
      cwd: root,
      stdin: '{"n":2}',
    });
    expect(result).toEqual({ code: 0, stdout: '{\n  "result": 4\n}\n', stderr: '' });
  });

  it('exits 1 with a JSON error on stderr for plugin and host errors', async () => {
    const failed = await runCli(['run', 'math.fail', '--json'], { cwd: root });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(JSON.parse(failed.stderr)).toEqual({
      error: {
        code: 'PLUGIN_CALL_FAILED',
        message: '"math" failed in command "math.fail": cannot compute.',
        hint: 'After the colon is the error the plugin threw: fix it in the plugin, or the input that caused it; the host and other plugins keep running.',
        plugin: 'math',
      },
    });
    const invalid = await runCli(['run', 'math.double', '--input', '{"n":"x"}', '--json'], {
      cwd: root,
    });
    expect(JSON.parse(invalid.stderr)).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message:
          'The input of command "math.double" of "math" does not match its schema: /n must be number.',
        hint: 'Send data that matches the schema declared in the plugin manifest.',
        plugin: 'math',
      },
    });
    const unknown = await runCli(['run', 'nope', '--json'], { cwd: root });
    expect({ code: unknown.code, error: JSON.parse(unknown.stderr).error.code }).toEqual({
      code: 1,
      error: 'UNKNOWN_COMMAND',
    });
  });

  describe('with a configured plugin that fails to start', () => {
    beforeEach(async () => {
      await plugin(
        'broken',
        { contributes: { commands: [{ id: 'broken.go' }] } },
        "export default { activate() { throw new Error('no'); } };",
      );
      await plugin(
        'needy',
        { requires: { broken: '^1.0.0' }, contributes: { commands: [{ id: 'needy.go' }] } },
        "export default { async activate(ctx) { await ctx.commands.register('needy.go', () => 1); } };",
      );
      await writeFile(
        join(root, 'ci.json'),
        JSON.stringify({ plugins: [{ path: 'math' }, { path: 'broken' }, { path: 'needy' }] }),
      );
    });
    const brokenWarning = {
      code: 'PLUGIN_ACTIVATION_FAILED',
      message: '"broken" failed during activate: no.',
      plugin: 'broken',
    };

    it.each(['none', 'limited', 'strict'])(
      "runs a healthy plugin's command with the failures as warnings (isolation %s)",
      async (level) => {
        const args = ['run', 'math.double', '--input', '{"n":1}', '--config', 'ci.json'];
        const json = await runCli([...args, '--json', '--isolation', level], { cwd: root });
        expect({ code: json.code, stdout: json.stdout }).toEqual({
          code: 0,
          stdout: '{\n  "result": 2\n}\n',
        });
        const { warnings } = JSON.parse(json.stderr);
        expect(warnings.map((w: { plugin: string }) => w.plugin).sort()).toEqual([
          'broken',
          'needy',
        ]);
        expect(warnings.find((w: { plugin: string }) => w.plugin === 'broken')).toMatchObject(
          brokenWarning,
        );
        const human = await runCli([...args, '--isolation', level], { cwd: root });
        expect(human.code).toBe(0);
        expect(human.stderr).toContain('[warn] broken: "broken" failed during activate: no.\n');
      },
      60_000,
    );

    it("fails with the called plugin's own error, or its requirement's", async () => {
      const own = await runCli(['run', 'broken.go', '--config', 'ci.json', '--json'], {
        cwd: root,
      });
      expect({ code: own.code, error: JSON.parse(own.stderr).error }).toMatchObject({
        code: 1,
        error: brokenWarning,
      });
      const needy = await runCli(['run', 'needy.go', '--config', 'ci.json', '--json'], {
        cwd: root,
      });
      expect({ code: needy.code, plugin: JSON.parse(needy.stderr).error.plugin }).toEqual({
        code: 1,
        plugin: 'needy',
      });
      expect(JSON.parse(needy.stderr).error.code).not.toBe('HOST_STARTUP_FAILED');
    });

    it('keeps the warnings beside the error when the call itself fails', async () => {
      const failed = await runCli(['run', 'math.fail', '--config', 'ci.json', '--json'], {
        cwd: root,
      });
      const body = JSON.parse(failed.stderr);
      expect({ code: failed.code, error: body.error.code, warned: body.warnings.length }).toEqual({
        code: 1,
        error: 'PLUGIN_CALL_FAILED',
        warned: 2,
      });
    });
  });

  // Regression: a cycle reached the user as HOST_STARTUP_FAILED alone, its message printed
  // once per plugin on the cycle.
  it('names a dependency cycle once, with its own code and hint, in both output forms', async () => {
    await plugin(
      'cycle-a',
      { requires: { 'cycle-b': '*' }, contributes: { commands: [{ id: 'cycle-a.go' }] } },
      "export default { async activate(ctx) { await ctx.commands.register('cycle-a.go', () => 1); } };",
    );
    await plugin('cycle-b', { requires: { 'cycle-a': '*' } }, 'export default { activate() {} };');
    await writeFile(
      join(root, 'cycle.json'),
      JSON.stringify({ plugins: [{ path: 'math' }, { path: 'cycle-a' }, { path: 'cycle-b' }] }),
    );
    const args = ['run', 'cycle-a.go', '--config', 'cycle.json'];
    const cycle = 'cycle-a -> cycle-b -> cycle-a';
    const hint = 'Remove one of the "requires" entries in the cycle, or merge the plugins.';

    const json = await runCli([...args, '--json'], { cwd: root });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'DEPENDENCY_CYCLE',
        message: `Plugins require each other in a cycle: ${cycle}.`,
        hint,
      },
    });

    const human = await runCli(args, { cwd: root });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(
      `DEPENDENCY_CYCLE Plugins require each other in a cycle: ${cycle}.`,
    );
    expect(human.stderr).toContain(`hint: ${hint}`);
    expect(human.stderr.split(cycle)).toHaveLength(2);
  });

  it('warns of a dependency cycle once when the called plugin is not on it', async () => {
    await plugin('cycle-a', { requires: { 'cycle-b': '*' } }, 'export default { activate() {} };');
    await plugin('cycle-b', { requires: { 'cycle-a': '*' } }, 'export default { activate() {} };');
    await writeFile(
      join(root, 'cycle.json'),
      JSON.stringify({ plugins: [{ path: 'math' }, { path: 'cycle-a' }, { path: 'cycle-b' }] }),
    );
    const args = ['run', 'math.double', '--input', '{"n":1}', '--config', 'cycle.json'];
    const json = await runCli([...args, '--json'], { cwd: root });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stderr).warnings).toEqual([
      {
        code: 'DEPENDENCY_CYCLE',
        message: 'Plugins require each other in a cycle: cycle-a -> cycle-b -> cycle-a.',
        hint: 'Remove one of the "requires" entries in the cycle, or merge the plugins.',
      },
    ]);
    const human = await runCli(args, { cwd: root });
    expect(human.code).toBe(0);
    expect(human.stderr.split('cycle-a -> cycle-b -> cycle-a')).toHaveLength(2);
  });

  it('exits 2 on bad usage', async () => {
    const badJson = await runCli(['run', 'math.double', '--input', '{nope', '--json'], {
      cwd: root,
    });
    expect(badJson.code).toBe(2);
    expect(JSON.parse(badJson.stderr).error.code).toBe('BAD_USAGE');
    const badLevel = await runCli(['run', 'math.double', '--isolation', 'lax', '--json'], {
      cwd: root,
    });
    expect(badLevel.code).toBe(2);
    expect(JSON.parse(badLevel.stderr).error.message).toBe(
      '--isolation must be one of none, limited, strict (got "lax").',
    );
    expect((await runCli(['run'], { cwd: root })).code).toBe(2);
  });
  it('raises the isolation of every plugin with --isolation', async () => {
    const inProcess = await runCli(['run', 'math.where', '--json'], { cwd: root });
    expect(JSON.parse(inProcess.stdout)).toEqual({ hostProcess: true });
    const sandboxed = await runCli(['run', 'math.where', '--isolation', 'strict', '--json'], {
      cwd: root,
    });
    expect({ code: sandboxed.code, out: JSON.parse(sandboxed.stdout) }).toEqual({
      code: 0,
      out: { hostProcess: false },
    });
  });
});

describe('stack-plugin run --workflow', () => {
  const workflows = [
    {
      id: 'twice',
      steps: [
        { id: 'first', uses: 'math.double', with: { n: '${input.n}' } },
        {
          id: 'second',
          uses: 'math.double',
          needs: ['first'],
          with: { n: '${steps.first.output.result}' },
        },
      ],
    },
    { id: 'broken', steps: [{ id: 'only', uses: 'math.fail' }] },
    { id: 'echo', steps: [{ id: 'only', uses: 'math.echo' }] },
  ];

  beforeEach(async () => {
    await writeFile(
      join(root, 'stack.config.json'),
      JSON.stringify({ plugins: [{ path: 'math' }], workflows }),
    );
  });

  it('runs a workflow from the host config and prints its result', async () => {
    const result = await runCli(['run', 'twice', '--workflow', '--input', '{"n":3}', '--json'], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'succeeded',
      steps: {
        first: { status: 'succeeded', output: { result: 6 }, attempts: 1 },
        second: { status: 'succeeded', output: { result: 12 }, attempts: 1 },
      },
    });
  });

  it('passes {} as the workflow input when --input is not given', async () => {
    const result = await runCli(['run', 'echo', '--workflow', '--json'], { cwd: root });
    expect({ code: result.code, output: JSON.parse(result.stdout).steps.only.output }).toEqual({
      code: 0,
      output: { got: {} },
    });
  });

  it('exits 1 with the first step error when the workflow fails', async () => {
    const result = await runCli(['run', 'broken', '--workflow', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).status).toBe('failed');
    expect(JSON.parse(result.stderr).error.code).toBe('WORKFLOW_STEP_FAILED');
  });

  it('prints the step graph with --dry-run and runs nothing', async () => {
    const result = await runCli(['run', 'twice', '--workflow', '--dry-run'], { cwd: root });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        'workflow twice, from the host config: 2 steps in 2 stages',
        'stage 1:',
        '  first   uses math.double',
        '          with {"n":"${input.n}"}',
        'stage 2:',
        '  second  uses math.double  needs first',
        '          with {"n":"${steps.first.output.result}"}',
        'Nothing was run (--dry-run).',
        '',
      ].join('\n'),
    );
    const refused = await runCli(['run', 'twice', '--dry-run', '--json'], { cwd: root });
    expect(refused.code).toBe(2);
  });
});
