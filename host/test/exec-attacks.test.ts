import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { tempDir, writePlugin } from './_support.js';

// Attacks by a plugin granted programs, through the real host and its real Node services
// (bubblewrap-confined exec, durable state), at every isolation level.

const callAnything = `export default {
  async activate(ctx) {
    await ctx.commands.register('call', async ({ path, args }) => {
      let self = ctx;
      let target = ctx;
      for (const part of path.split('.')) { self = target; target = target[part]; }
      try {
        return { ok: true, value: await target.apply(self, args) };
      } catch (error) {
        return { ok: false, code: error.code };
      }
    });
  },
};`;

let dir: string;
let cleanup: () => Promise<void>;
let host: Host | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await writePlugin(dir, 'runner', {
    manifest: {
      permissions: ['exec:git:status,log', 'exec:node', 'state'],
      contributes: { commands: [{ id: 'call' }] },
    },
    code: callAnything,
  });
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await cleanup();
});

async function start(level: string): Promise<Host> {
  host = createHost({
    root: dir,
    config: { plugins: [{ path: 'runner' }] },
    env: { PATH: process.env.PATH ?? '', STACK_SECRET_TOKEN: 'hunter2' },
    policy: { minIsolation: level as 'none' },
    services: { logger: { write() {} } },
  });
  await host.start();
  return host;
}

const levels = ['none', 'limited', 'strict'];

describe.each(levels)('exec attacks at isolation %s', (level) => {
  it('runs only the listed subcommands: options, aliases and other subcommands are denied', async () => {
    const h = await start(level);
    const call = (path: string, ...args: unknown[]) => h.execute('call', { path, args });
    const attempts = [
      ['-c', 'alias.x=!touch pwned', 'x'],
      ['-c', 'core.pager=touch pwned', 'log'],
      ['--exec-path=.', 'status'],
      ['rebase', '--exec', 'touch pwned'],
      ['config', 'core.fsmonitor', 'touch pwned'],
      [],
    ];
    for (const args of attempts) {
      expect(await call('exec', 'git', args), args.join(' ')).toEqual({
        ok: false,
        code: 'PERMISSION_DENIED',
      });
    }
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    const status = (await call('exec', 'git', ['status'])) as { ok: boolean };
    expect(status.ok).toBe(true);
  }, 60_000);

  it('cannot reach the state folder or secrets through a granted program', async () => {
    const h = await start(level);
    const call = (path: string, ...args: unknown[]) => h.execute('call', { path, args });
    expect(await call('state.set', 'k', 'kept')).toEqual({ ok: true });
    // The journal is on disk, where an unconfined program would find (and delete) it.
    await expect.poll(() => existsSync(join(dir, '.stack', 'state'))).toBe(true);
    const node = (code: string) => call('exec', 'node', ['-e', code]);
    const listing = (await node(
      "const fs = require('node:fs'); console.log(fs.readdirSync('.stack').length)",
    )) as { value: { stdout: string } };
    expect(listing.value.stdout).toBe('0\n');
    await node("require('node:fs').rmSync('.stack', { recursive: true, force: true })");
    const env = (await node('console.log(Object.keys(process.env).join(","))')) as {
      value: { stdout: string };
    };
    expect(env.value.stdout).not.toContain('STACK_SECRET');
    // The host's own store is untouched: a new host reads the value back from disk.
    await h.stop();
    const again = await start(level);
    expect(await again.execute('call', { path: 'state.get', args: ['k'] })).toEqual({
      ok: true,
      value: 'kept',
    });
  }, 60_000);
});

describe('env: cannot name a secret', () => {
  it('refuses a plugin asking for env:STACK_SECRET_*', async () => {
    await writePlugin(dir, 'peek', {
      manifest: { permissions: ['env:STACK_SECRET_TOKEN'] },
      code: 'export default { activate() {} };',
    });
    host = createHost({
      root: dir,
      config: { plugins: [] },
      env: { STACK_SECRET_TOKEN: 'hunter2' },
      services: { logger: { write() {} } },
    });
    await expect(host.load({ path: 'peek' })).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});
