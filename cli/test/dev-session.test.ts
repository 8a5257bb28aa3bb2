import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevReload, type DevSession, startDevSession } from '../src/dev/dev-session.js';
import { buildPdk, copyBuildFixture, removeBuildFixtures } from './_build-fixture.js';

beforeAll(buildPdk, 120_000);
afterEach(removeBuildFixtures);

/** Saves like an editor does: a copy renamed over the file. */
async function replace(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

async function start(dir: string, options: { pluginConfig?: Record<string, unknown> } = {}) {
  const output = { out: '', err: '' };
  const reloads: DevReload[] = [];
  const session = await startDevSession({
    dir,
    env: {},
    debounceMs: 10,
    out: (text) => {
      output.out += text;
    },
    err: (text) => {
      output.err += text;
    },
    ...options,
  });
  session.onReload((reload) => reloads.push(reload));
  const nextReload = async (after: number) => {
    while (reloads.length <= after) await new Promise((resolve) => setTimeout(resolve, 10));
    return reloads[after] as DevReload;
  };
  return { session, output, reloads, nextReload };
}

describe('stack-plugin dev (the dev session)', () => {
  let session: DevSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  it('loads the built plugin, hot-swaps an edit while calls keep coming, and loses none', {
    timeout: 60_000,
  }, async () => {
    const { dir } = await copyBuildFixture('build-plugin', 'stack-cli-dev-');
    const dev = await start(dir, { pluginConfig: { greeting: 'Hi' } });
    session = dev.session;
    expect(dev.output.out).toMatch(
      /^Loaded stack-plugin-build-fixture 1\.0\.0 \(none isolation\)/m,
    );

    await session.handle('run greet {"name":"Ada"}');
    expect(dev.output.out).toContain('"greeting": "Hi, Ada (node)"');

    // Calls keep coming while the source changes; every one of them gets an answer.
    const answers: string[] = [];
    let calling = true;
    const caller = (async () => {
      while (calling) {
        const result = (await session?.host.execute('greet', { name: 'Bob' })) as {
          greeting: string;
        };
        answers.push(result.greeting);
        // In-process calls settle in microtasks: yield so the watcher and the build can run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const greet = join(dir, 'src/greet.ts');
    const before = dev.reloads.length;
    await replace(
      greet,
      (await readFile(greet, 'utf8')).replace('`${greeting}, ', '`${greeting}!! '),
    );
    const reload = await dev.nextReload(before);
    calling = false;
    await caller;
    expect(reload).toMatchObject({ ok: true, generation: 2 });
    expect(dev.output.out).toMatch(/^Reloaded stack-plugin-build-fixture .*swap \d+ ms$/m);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => a === 'Hi, Bob (node)' || a === 'Hi!! Bob (node)')).toBe(true);

    await session.handle('greet {"name":"Ada"}');
    expect(dev.output.out).toContain('"greeting": "Hi!! Ada (node)"');
    await session.handle('status');
    expect(dev.output.out).toMatch(/"state": "active",\s+"isolation": "none",\s+"reloads": 1/);
  });

  it('keeps serving the old code when a save does not build, and prints denials live', {
    timeout: 60_000,
  }, async () => {
    const { dir } = await copyBuildFixture('build-plugin', 'stack-cli-dev-broken-');
    const index = join(dir, 'src/index.ts');
    const source = await readFile(index, 'utf8');
    // A command that reads an environment variable the manifest does not grant.
    await replace(
      index,
      source.replace(
        "await ctx.commands.register('greet'",
        "await ctx.commands.register('peek', async () => ({ home: await (ctx as unknown as { env: { get(n: string): Promise<unknown> } }).env.get('HOME') }));\n    await ctx.commands.register('greet'",
      ),
    );
    const manifestFile = join(dir, 'stack-plugin.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.contributes.commands.push({ id: 'peek' });
    await writeFile(manifestFile, JSON.stringify(manifest));
    const dev = await start(dir);
    session = dev.session;
    const before = dev.reloads.length;
    await replace(index, 'export default definePlugin({ oops');
    expect(await dev.nextReload(before)).toMatchObject({ ok: false });
    expect(dev.output.err).toContain('Build failed: still serving the previous code.');
    await session.handle('run greet {"name":"Ada"}');
    expect(dev.output.out).toContain('"greeting": "Hello, Ada (node)"');

    await session.handle('run peek');
    expect(dev.output.err).toMatch(/PERMISSION_DENIED/);
    expect(dev.output.err).toMatch(
      /\[denied\] stack-plugin-build-fixture: env\.get HOME \(needs env:HOME\)/,
    );
    await session.handle('run greet {name}');
    expect(dev.output.err).toMatch(/the input is not valid JSON/);
    // A call to nothing names what the dev host serves, as the prompt takes it.
    await session.handle('run gret');
    expect(dev.output.err).toMatch(
      /UNKNOWN_COMMAND No command "gret"[\s\S]*This dev host serves: .*\bgreet\b/,
    );
  });
  it('prints a plugin error escaped: its text cannot drive the terminal', {
    timeout: 60_000,
  }, async () => {
    const { dir } = await copyBuildFixture('build-plugin', 'stack-cli-dev-escape-');
    // A plugin error carrying a clear-screen, a cursor move and a fake second line.
    await writeFile(
      join(dir, 'src', 'greet.ts'),
      'export function greet(_g: string, _n: string): string {\n' +
        '  throw new Error("\\u001b[2J\\u001b[Hall good\\nPASS");\n}\n',
    );
    const dev = await start(dir);
    session = dev.session;
    await session.handle('run greet {"name":"Ada"}');
    expect(dev.output.err).toContain('PLUGIN_CALL_FAILED');
    expect(dev.output.err).toContain('\\x1b[2J\\x1b[Hall good\\x0aPASS');
    expect(dev.output.err).not.toContain('\u001b');
  });
});
