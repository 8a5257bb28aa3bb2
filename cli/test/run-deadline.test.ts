import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A handler awaiting a promise that never settles leaves nothing else on the event loop at
// isolation `none`: only the deadline timer can keep the process alive until PLUGIN_TIMEOUT.
// This needs the real bin (a test runner's own loop would hide the bug).
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'cli', 'bin', 'stack-plugin.js');
let root: string;

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    { cwd: repo, stdio: 'pipe' },
  );
  root = await mkdtemp(join(tmpdir(), 'stack-cli-deadline-'));
  const dir = join(root, 'hung');
  await mkdir(dir);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'hung',
      version: '1.0.0',
      description: 'a handler that never settles',
      type: 'module',
      main: 'index.js',
      keywords: ['stack-plugin'],
      engines: { node: '>=22.12' },
    }),
  );
  await writeFile(
    join(dir, 'stack-plugin.json'),
    JSON.stringify({
      host: '^1.0.0',
      category: 'integration',
      limits: { timeoutMs: 600 },
      contributes: { commands: [{ id: 'hung.wait' }] },
    }),
  );
  await writeFile(
    join(dir, 'index.js'),
    `export default {
  async activate(ctx) {
    await ctx.commands.register('hung.wait', () => new Promise(() => {}));
  },
};
`,
  );
  await writeFile(join(root, 'stack.config.json'), JSON.stringify({ plugins: [{ path: 'hung' }] }));
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

function runBin(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stack-plugin run: a call that never settles', () => {
  it.each(['none', 'limited', 'strict'])(
    'ends with PLUGIN_TIMEOUT at isolation %s',
    async (level) => {
      const { code, stderr } = await runBin(['run', 'hung.wait', '--json', '--isolation', level]);
      expect({ code, error: JSON.parse(stderr).error.code }).toEqual({
        code: 1,
        error: 'PLUGIN_TIMEOUT',
      });
    },
    60_000,
  );
});
