import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildCli,
  buildPdk,
  CLI_BIN,
  copyBuildFixture,
  removeBuildFixtures,
} from './_build-fixture.js';

// `stack-plugin dev --console`: the built bin serves the console over the dev host, and the
// prompt's quit stops both.

const bin = CLI_BIN;

beforeAll(async () => {
  await buildPdk();
  buildCli();
}, 120_000);
afterAll(removeBuildFixtures);

it('serves the console over the dev host until the prompt quits', { timeout: 60_000 }, async () => {
  const { dir } = await copyBuildFixture('build-plugin', 'stack-cli-dev-console-');
  const child = spawn(process.execPath, [bin, 'dev', '--console'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const url = await new Promise<URL>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const found = /Console: (\S+)/.exec(stdout);
      if (found) done(new URL(found[1] as string));
    });
    void exited.then((code) => fail(new Error(`dev exited ${code}: ${stderr}`)));
  });
  const token = url.searchParams.get('token') ?? '';
  const state = await fetch(new URL('/api/state', url.origin), {
    headers: { 'x-stack-console-token': token },
  });
  expect(state.status).toBe(200);
  const { plugins } = (await state.json()) as { plugins: Array<{ name: string; state: string }> };
  expect(plugins.map((p) => [p.name, p.state])).toEqual([['stack-plugin-build-fixture', 'active']]);
  expect((await fetch(new URL('/api/state', url.origin))).status).toBe(401);
  child.stdin.end('quit\n');
  expect(await exited).toBe(0);
  expect(stdout).toContain('Dev host stopped.');
  await expect(fetch(url.origin)).rejects.toThrow();
});
