import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { type TestServices, tempDir, testServices, writePlugin } from './_support.js';

// `hooks` contributions are called at the documented lifecycle points, through the real host
// at every isolation level: a *.before hook vetoes with its own coded error or replaces the
// input; after-hooks and host start/stop hooks observe.

const GUARD = {
  contributes: {
    hooks: [
      { id: 'guard.start', point: 'host.start' },
      { id: 'guard.stop', point: 'host.stop' },
      { id: 'guard.before-command', point: 'command.before' },
      { id: 'guard.after-command', point: 'command.after' },
      { id: 'guard.before-step', point: 'step.before' },
      { id: 'guard.after-step', point: 'step.after' },
    ],
  },
};
const GUARD_CODE = `const refuse = (message) => Object.assign(new Error(message), { code: 'POLICY_DENIED' });
export default {
  async activate(ctx) {
    const hook = (id, fn) => ctx.hooks.register(id, fn);
    await hook('guard.start', (e) => { ctx.log.info('start ' + e.plugins.join(',')); });
    await hook('guard.stop', () => { ctx.log.info('stop'); });
    await hook('guard.before-command', (e) => {
      if (e.input && e.input.forbidden) throw refuse('no forbidden input');
      return { input: { ...e.input, tagged: true } };
    });
    await hook('guard.after-command', (e) => {
      ctx.log.info('after ' + e.command + ' ' + JSON.stringify(e.output));
    });
    await hook('guard.before-step', (e) => {
      if (e.step === 'blocked') throw refuse('step not allowed');
      return { input: { ...e.input, step: e.step } };
    });
    await hook('guard.after-step', (e) => { ctx.log.info('step ' + e.step + ' ' + e.status); });
  },
};`;

let dir: string;
let cleanup: () => Promise<void>;
let services: TestServices;
const hosts: Host[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  services = testServices();
  await writePlugin(dir, 'guard', { manifest: GUARD, code: GUARD_CODE });
  await writePlugin(dir, 'app', {
    manifest: { contributes: { commands: [{ id: 'app.echo' }] } },
    code: "export default { async activate(ctx) { await ctx.commands.register('app.echo', (input) => input ?? null); } };",
  });
  await writeFile(
    join(dir, 'stack.config.json'),
    JSON.stringify({
      plugins: [{ path: 'guard' }, { path: 'app' }],
      workflows: [
        { id: 'ok', steps: [{ id: 'first', uses: 'app.echo', with: { n: 1 } }] },
        { id: 'refused', steps: [{ id: 'blocked', uses: 'app.echo' }] },
      ],
    }),
  );
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await cleanup();
});

const messages = () => services.logs.filter((r) => r.plugin === 'guard').map((r) => r.message);

describe.each(['none', 'limited', 'strict'])('hooks (isolation %s)', (level) => {
  async function start(): Promise<Host> {
    const host = createHost({
      root: dir,
      services,
      env: {},
      policy: { minIsolation: level as 'none' },
    });
    hosts.push(host);
    await host.start();
    return host;
  }

  it('calls host.start and host.stop', async () => {
    const host = await start();
    await expect.poll(messages).toContain('start guard,app');
    await host.stop();
    hosts.pop();
    expect(messages()).toContain('stop');
  }, 60_000);

  it('lets command.before veto with its own code or replace the input; command.after observes', async () => {
    const host = await start();
    expect(await host.execute('app.echo', { a: 1 })).toEqual({ a: 1, tagged: true });
    await expect.poll(messages).toContain('after app.echo {"a":1,"tagged":true}');
    const vetoed = await host.execute('app.echo', { forbidden: true }).catch((e: unknown) => e);
    expect(vetoed).toMatchObject({
      code: 'HOOK_VETOED',
      plugin: 'guard',
      message:
        'Hook "guard.before-command" of "guard" vetoed command "app.echo" (command.before): no forbidden input.',
    });
    // The hook's own coded error stays visible as the cause.
    expect(((vetoed as Error).cause as Error).cause).toMatchObject({ code: 'POLICY_DENIED' });
  }, 60_000);

  it('calls step.before (veto or enrich) and step.after around workflow steps', async () => {
    const host = await start();
    const ok = await host.runWorkflow('ok', {});
    expect(ok.steps.first?.output).toEqual({ n: 1, step: 'first', tagged: true });
    await expect.poll(messages).toContain('step first succeeded');
    const refused = await host.runWorkflow('refused', {});
    expect(refused.status).toBe('failed');
    expect(refused.steps.blocked).toMatchObject({ status: 'failed', attempts: 0 });
    expect(refused.steps.blocked?.error?.cause).toMatchObject({ code: 'HOOK_VETOED' });
    await expect.poll(messages).toContain('step blocked failed');
  }, 60_000);
});

// Two plugins whose command.before hooks each call the other's command: every call starts
// another hook, so the chain never unwinds. It must end in a coded error (the in-flight limit at
// `none`, the call deadline in a sandbox) with the host still serving; it used to grow at
// `none` until the host ran out of memory.
const pinger = (me: string, other: string) => ({
  manifest: {
    limits: { timeoutMs: 3_000 },
    contributes: {
      commands: [{ id: `${me}.cmd` }],
      hooks: [{ id: `${me}.hook`, point: 'command.before' }],
    },
  },
  code: `export default { async activate(ctx) {
    await ctx.commands.register('${me}.cmd', () => '${me}');
    await ctx.hooks.register('${me}.hook', async () => { await ctx.commands.execute('${other}.cmd', {}); });
  } };`,
});

describe.each(['none', 'limited', 'strict'])(
  'hooks that call each other (isolation %s)',
  (level) => {
    it('end in a coded error and leave the host serving', async () => {
      await writePlugin(dir, 'ping', pinger('ping', 'pong'));
      await writePlugin(dir, 'pong', pinger('pong', 'ping'));
      await writeFile(
        join(dir, 'stack.config.json'),
        JSON.stringify({ plugins: [{ path: 'ping' }, { path: 'pong' }, { path: 'app' }] }),
      );
      const host = createHost({
        root: dir,
        services,
        env: {},
        policy: { minIsolation: level as 'none' },
      });
      hosts.push(host);
      await host.start();
      const error = await host.execute('ping.cmd', {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'HOOK_VETOED' });
      let root = error as { code?: string; cause?: unknown };
      while (root.cause !== undefined) root = root.cause as typeof root;
      expect(['PLUGIN_RATE_LIMITED', 'PLUGIN_TIMEOUT', 'CAPABILITY_TIMEOUT']).toContain(root.code);
      // The host still serves: without the looping hooks a command answers.
      await host.disable('ping');
      await host.disable('pong');
      expect(await host.execute('app.echo', { a: 1 })).toEqual({ a: 1 });
    }, 60_000);
  },
);
