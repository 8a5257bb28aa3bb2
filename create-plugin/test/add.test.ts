import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { validatePluginDir } from '@stack-plugin/pdk';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  buildProject,
  linkWorkspace,
  runBiome,
  runProjectTests,
  typecheck,
} from './support/check-project.js';
import { kitCli } from './support/kit-cli.js';
import { runScaffolder, tempDir } from './support/run-scaffolder.js';
import { scriptedPrompt } from './support/scripted-prompt.js';
import { spawnScaffolder } from './support/spawn-scaffolder.js';

/** A fresh project of `template`, without install or git, linked to the workspace's packages. */
async function freshProject(template: string, link = true): Promise<string> {
  const cwd = await tempDir();
  const created = await runScaffolder(cwd, [
    'plugin',
    '-t',
    template,
    '--yes',
    '--no-install',
    '--no-git',
  ]);
  expect(created).toMatchObject({ code: 0, stderr: '' });
  const dir = join(cwd, 'plugin');
  if (link) await linkWorkspace(dir);
  return dir;
}

/** Every file of a project and its parent folder (staging leftovers would show), with contents. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const parent = dirname(dir);
  const out: Record<string, string> = {};
  for (const entry of await readdir(parent, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (path.includes('node_modules')) continue;
    out[path.slice(parent.length + 1)] = entry.isFile() ? await readFile(path, 'utf8') : '<dir>';
  }
  return out;
}

const add = (dir: string, argv: string[], env: Record<string, string> = { CI: 'true' }) =>
  runScaffolder(dir, ['add', ...argv], { env });

describe.each([
  ['command', 'integration', 'commands'],
  ['step', 'workflow', 'steps'],
  ['transformer', 'micro', 'transformers'],
  ['skill', 'skill', 'skills'],
  ['test', 'ui', undefined],
])('add %s to a new %s project', (generator, template, kind) => {
  it('leaves a project that validates, type-checks, lints and passes its tests', {
    timeout: 180_000,
  }, async () => {
    const dir = await freshProject(template);
    const before = await snapshot(dir);
    const result = await add(dir, [
      generator,
      '--id',
      'greet.hello',
      '--title',
      'Say */ hello',
      '--yes',
    ]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });

    const after = await snapshot(dir);
    const changed = Object.keys(after)
      .filter((p) => before[p] !== after[p])
      .sort();
    const record = JSON.parse(await readFile(join(dir, '.stack-plugin/template.json'), 'utf8'));
    if (kind === undefined) {
      expect(changed).toEqual([
        'plugin/.stack-plugin/template.json',
        'plugin/test/greet-hello.test.ts',
      ]);
      expect(Object.keys(record.files)).toContain('test/greet-hello.test.ts');
    } else {
      expect(changed).toEqual([
        'plugin/.stack-plugin/template.json',
        'plugin/src/greet-hello.ts',
        'plugin/src/index.ts',
        'plugin/stack-plugin-env.d.ts',
        'plugin/stack-plugin.json',
        'plugin/test/greet-hello.test.ts',
      ]);
      const manifest = JSON.parse(after['plugin/stack-plugin.json'] ?? '');
      expect(manifest.contributes[kind].at(-1)).toMatchObject({
        id: 'greet.hello',
        title: 'Say */ hello',
        description: 'Say */ hello.',
        input: { required: ['value'] },
        output: { required: ['result'] },
      });
      // The only change is one inserted run of text: every other byte stays as it was.
      const original = before['plugin/stack-plugin.json'] ?? '';
      const updated = after['plugin/stack-plugin.json'] ?? '';
      let head = 0;
      while (original[head] === updated[head]) head++;
      let tail = 0;
      while (tail < original.length - head && original.at(-1 - tail) === updated.at(-1 - tail))
        tail++;
      expect(head + tail).toBe(original.length);
      expect(after['plugin/src/index.ts']).toContain(
        `await ctx.${kind}.register('greet.hello', greetHello);`,
      );
      expect(after['plugin/stack-plugin-env.d.ts']).toContain("'greet.hello': {");
      expect(record.files['src/greet-hello.ts']).toMatch(/^sha256-[0-9a-f]{64}$/);
    }

    await buildProject(dir);
    expect(await validatePluginDir(dir)).toEqual({ ok: true, issues: [], fixed: [] });
    expect(await typecheck(dir)).toBe('');
    const lint = await runBiome(dir);
    expect(lint.code, lint.output).toBe(0);
    const tests = await runProjectTests(dir, dirname(dir));
    expect(tests.code, tests.output).toBe(0);
    expect(tests.output).toContain('greet-hello.test.ts');
  });
});

describe('add, interactively', () => {
  it('asks what flags did not answer, in order, and uses the answers', async () => {
    const dir = await freshProject('micro', false);
    const script = scriptedPrompt(['transformer', 'text.reverse', 'Reverse', 'Reverses the text.']);
    const result = await runScaffolder(dir, ['add', '--dry-run'], { prompt: script.prompt });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(script.asked).toEqual([
      'What should be added?',
      'Id (such as greet.hello)',
      'Title',
      'One-line description',
    ]);
    expect(script.said).toContainEqual(expect.stringContaining('+ src/text-reverse.ts'));
    // A flag answers its question: only the rest are asked.
    const partial = scriptedPrompt(['Reverse it']);
    const withFlags = await runScaffolder(
      dir,
      ['add', 'transformer', '--id', 'text.reverse', '--title', 'Reverse', '--dry-run'],
      { prompt: partial.prompt },
    );
    expect(withFlags.code).toBe(0);
    expect(partial.asked).toEqual(['One-line description']);
  });
});

describe('add refuses and rolls back', () => {
  it('never overwrites an existing file, and changes nothing', async () => {
    const dir = await freshProject('micro', false);
    const before = await snapshot(dir);
    const result = await add(dir, ['transformer', '--id', 'text', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already holds files the template would write \(src\/text\.ts\)/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it.each([
    ['an id the manifest does not allow', '9lives', /contributes\/commands\/0\/id/],
    [
      'an id the project already uses',
      'text.normalize',
      /CONTRIBUTION_DUPLICATE_ID|already|twice|same id/i,
    ],
  ])('rolls every file back after validation fails: %s', async (_case, id, detail) => {
    const dir = await freshProject('micro');
    const before = await snapshot(dir);
    const generator = id === 'text.normalize' ? 'transformer' : 'command';
    const result = await add(dir, [generator, '--id', id, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/was rolled back/);
    expect(result.stderr).toMatch(detail);
    expect(await snapshot(dir)).toEqual(before);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s half-way (files moved in, manifest and entry rewritten) restores every file',
    async (signal) => {
      const dir = await freshProject('skill', false);
      const before = await snapshot(dir);
      const run = spawnScaffolder(dir, ['add', 'skill', '--id', 'dates.add', '--yes'], {
        CI: 'true',
        CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-add',
      });
      await run.waitForStderr('[test-hook] paused mid-add');
      const midway = await snapshot(dir);
      expect(midway['plugin/src/dates-add.ts']).toBeDefined();
      expect(midway['plugin/stack-plugin.json']).toContain('"dates.add"');
      run.child.kill(signal);
      const result = await run.done;
      expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(result.stderr).toContain(`Interrupted (${signal}). Nothing was written.`);
      expect(await snapshot(dir)).toEqual(before);
    },
  );

  it('SIGKILL half-way leaves no orphan file once the next add has run', async () => {
    const dir = await freshProject('skill', false);
    const before = await snapshot(dir);
    const run = spawnScaffolder(dir, ['add', 'skill', '--id', 'dates.add', '--yes'], {
      CI: 'true',
      CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-add',
    });
    await run.waitForStderr('[test-hook] paused mid-add');
    run.child.kill('SIGKILL');
    await run.done;
    const killed = await snapshot(dir);
    expect(killed['plugin/src/dates-add.ts']).toBeDefined();
    expect(killed['plugin/stack-plugin.json']).toContain('"dates.add"');

    const next = await add(dir, ['test', '--id', 'smoke', '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('Undid an interrupted earlier run');
    const after = await snapshot(dir);
    const added = Object.keys(after).filter((path) => !(path in before));
    expect(added).toEqual(['plugin/test/smoke.test.ts']);
    for (const file of ['stack-plugin.json', 'src/index.ts']) {
      expect(after[`plugin/${file}`], file).toBe(before[`plugin/${file}`]);
    }
  });

  it('renders --title and --description into code as string literals, never as code', async () => {
    const dir = await freshProject('micro', false);
    const title = `it's "quoted"'); process.exit(1); ('`;
    const result = await add(dir, ['test', '--id', 'smoke', '--title', title, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(join(dir, 'test', 'smoke.test.ts'), 'utf8');
    const source = ts.createSourceFile('smoke.test.ts', text, ts.ScriptTarget.Latest, true);
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(source);
    const callee = (call: ts.CallExpression) => call.expression.getText(source);
    const describes = calls.filter((call) => callee(call) === 'describe');
    expect(describes).toHaveLength(1);
    const [name] = describes[0]?.arguments ?? [];
    expect(name !== undefined && ts.isStringLiteral(name) && name.text).toBe(title);
    // No code came out of the title: nothing calls process.exit.
    expect(calls.map(callee)).not.toContain('process.exit');
  });

  it('is reachable from the project as `stack-plugin generate`, the same generator as add', async () => {
    const { runCli } = await kitCli();
    const dir = await freshProject('micro', false);
    const viaCli = await runCli(
      ['generate', 'test', '--id', 'smoke', '--title', 'Smoke', '--yes'],
      {
        cwd: dir,
        env: { CI: 'true' },
      },
    );
    expect(viaCli.code, viaCli.stderr).toBe(0);
    expect(viaCli.stdout).toContain('Added test smoke: test/smoke.test.ts');
    const twin = await freshProject('micro', false);
    expect((await add(twin, ['test', '--id', 'smoke', '--title', 'Smoke', '--yes'])).code).toBe(0);
    expect(await readFile(join(dir, 'test', 'smoke.test.ts'), 'utf8')).toBe(
      await readFile(join(twin, 'test', 'smoke.test.ts'), 'utf8'),
    );
    const wrong = await runCli(['generate', 'widget', '--id', 'x'], {
      cwd: dir,
      env: { CI: 'true' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"widget"');
  });

  it('asks nothing without a terminal and names the missing flags (exit 2)', async () => {
    const dir = await freshProject('micro', false);
    const before = await snapshot(dir);
    expect(await add(dir, [], {})).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'these answers were not given as flags: <generator>, --id <id>, --title <text>, --description <text>.',
      ),
    });
    expect(await add(dir, ['skill', '--yes'], { CI: '1' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '(CI is set) and these answers were not given as flags: --id <id>.',
      ),
    });
    // The example in the hint is the command at hand, not a new project's.
    const titled = await add(dir, ['step', '--id', 'release.tag'], {});
    expect(titled.code).toBe(2);
    expect(titled.stderr).toContain('`npx stack-plugin generate step --id release.tag --yes`');
    expect(titled.stderr).not.toContain('npm create');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('rejects bad usage and folders that are not plugin projects (exit 2)', async () => {
    const dir = await freshProject('micro', false);
    expect((await add(dir, ['widget', '--id', 'x'])).stderr).toContain(
      'Unknown generator "widget"; choose one of command, step, transformer, skill, test.',
    );
    expect((await add(dir, ['command', '--id', '../evil', '--yes'])).code).toBe(2);
    const notPlugin = await add(dirname(dir), ['command', '--id', 'a.b', '--yes']);
    expect(notPlugin.code).toBe(2);
    expect(notPlugin.stderr).toContain(
      'is not a Stack plugin project: it has no stack-plugin.json.',
    );
  });

  it('prints the plan with --dry-run and writes nothing', async () => {
    const dir = await freshProject('micro', false);
    const before = await snapshot(dir);
    const result = await add(dir, ['step', '--id', 'build.run', '--dry-run', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  + src/build-run.ts
  + test/build-run.test.ts
  ~ stack-plugin.json (contributes.steps gets "build.run")
  ~ src/index.ts (registers buildRun)`);
    expect(await snapshot(dir)).toEqual(before);
  });
});
