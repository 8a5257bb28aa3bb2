import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../../test/launch-chromium.js';
import { buildCli, CLI_BIN } from './_build-fixture.js';
import { writePlugin } from './_host-fixture.js';

// `stack-plugin console` as a user runs it: the built bin over a stack.config.json, the page in
// headless Chromium, then the real `stack-plugin list` reading what the page's disable wrote.

const bin = CLI_BIN;
// Screenshots are kept as test artifacts (git-ignored), as docs-gen's browser test keeps its.
let ARTIFACTS: string;

let root: string;
let child: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let url: URL;
let browser: Browser;

const node = (args: string[]) =>
  execFileSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });

beforeAll(async () => {
  // The bin runs cli/dist (and the host's dist and console-ui): build, incrementally.
  buildCli();
  root = await mkdtemp(join(tmpdir(), 'stack-cli-console-'));
  // notes emits an event every 100 ms and app listens, so the charts have calls to draw; app
  // reads one variable it may and one it may not, so the audit has both decisions.
  await writePlugin(
    root,
    'notes',
    {
      permissions: ['state', 'events:emit:notes.tick'],
      contributes: { commands: [{ id: 'notes.create' }] },
    },
    [
      'let timer;',
      'export default {',
      '  async activate(ctx) {',
      "    await ctx.commands.register('notes.create', () => 'ok');",
      "    timer = setInterval(() => ctx.events.emit('notes.tick', {}).catch(() => {}), 100);",
      '  },',
      '  deactivate() { clearInterval(timer); },',
      '};',
    ].join('\n'),
  );
  await writePlugin(
    root,
    'app',
    {
      requires: { notes: '^1.0.0' },
      permissions: ['env:APP_MODE', 'exec:git', 'events:on:notes.tick'],
      contributes: { commands: [{ id: 'app.run' }] },
    },
    [
      'export default {',
      '  async activate(ctx) {',
      "    await ctx.commands.register('app.run', () => 'ok');",
      "    await ctx.events.on('notes.tick', () => {});",
      "    await ctx.env.get('APP_MODE');",
      "    await ctx.env.get('HOME').catch(() => {});",
      '  },',
      '};',
    ].join('\n'),
  );
  await writeFile(
    join(root, 'stack.config.json'),
    `${JSON.stringify({ plugins: [{ path: 'notes' }, { path: 'app' }] }, null, 2)}\n`,
  );
  child = spawn(process.execPath, [bin, 'console'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  url = await new Promise<URL>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const found = /Console: (\S+)/.exec(stdout);
      if (found) done(new URL(found[1] as string));
    });
    child.once('exit', (code) => fail(new Error(`console exited ${code}: ${stderr}`)));
  });
  browser = await launchChromium();
  ARTIFACTS = await artifactsDir(import.meta.dirname);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child?.exitCode === null) child.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

describe('stack-plugin console in Chromium', () => {
  it('prints a loopback URL with a token and refuses requests without it', async () => {
    expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url.searchParams.get('token')).toMatch(/^[\w-]{43}$/);
    for (const path of ['/', '/console.js', '/api/state']) {
      const answer = await fetch(new URL(path, url.origin));
      expect([path, answer.status]).toEqual([path, 401]);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
        'CONSOLE_UNAUTHORIZED',
      );
    }
    // A browser without the token gets the refusal, not the page.
    const stranger = await browser.newPage();
    const response = await stranger.goto(new URL('/', url.origin).href);
    expect(response?.status()).toBe(401);
    await stranger.close();
  });

  it('draws the graph, disables a plugin from the page, and `stack-plugin list` sees it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url.href);
    // The token left the address bar for an HttpOnly cookie.
    expect(page.url()).toBe(`${url.origin}/`);
    const nodes = page.locator('#graph svg g.node');
    await expect
      .poll(() => nodes.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-plugin'))))
      .toEqual(['notes', 'app']);
    await expect(page.locator('#graph svg path.edge').count()).resolves.toBe(1);
    const appRow = page.locator('#plugins tr[data-plugin="app"]');
    await expect(appRow.locator('.risk').allTextContents()).resolves.toEqual([
      'critical',
      'low',
      'low',
    ]);
    // Live metrics: app's listener is called every 100 ms, so a rate shows within a few polls.
    await page.locator('#chart-rate svg polyline.series-0').waitFor();
    await expect
      .poll(() => page.locator('#plugins tr[data-plugin="app"] .calls').textContent(), {
        timeout: 10_000,
      })
      .not.toMatch(/^0 /);
    // The audit: both of app's reads, then only the denied one.
    await expect
      .poll(() => page.locator('#audit tbody tr[data-plugin="app"]').count())
      .toBeGreaterThanOrEqual(2);
    await page.locator('#audit-denied').check();
    await expect.poll(() => page.locator('#audit tbody td.allowed').count()).toBe(0);
    await expect(
      page.locator('#audit tbody tr', { hasText: 'env.get' }).first().textContent(),
    ).resolves.toContain('HOME');

    await page.getByRole('button', { name: 'Disable app' }).click();
    await page.getByRole('button', { name: 'Enable app' }).and(page.locator(':enabled')).waitFor();
    await expect(appRow.locator('.state').textContent()).resolves.not.toBe('active');
    await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();

    const listed = JSON.parse(node(['list', '--json'])) as {
      plugins: Array<{ name: string; state: string }>;
    };
    expect(listed.plugins.map((p) => [p.name, p.state])).toEqual([
      ['notes', 'active'],
      ['app', 'validated'],
    ]);
    expect(JSON.parse(await readFile(join(root, 'stack.config.json'), 'utf8'))).toEqual({
      plugins: [{ path: 'notes' }, { path: 'app', enabled: false }],
    });
  });

  it('stops the server and the host on Ctrl-C', async () => {
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/Console stopped\.\n$/);
    await expect(fetch(url.origin)).rejects.toThrow();
  });
});
