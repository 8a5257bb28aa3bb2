import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host, type StateChange } from '../src/index.js';
import { fixture, tempDir, testServices, writePlugin } from './_support.js';

const hosts: Host[] = [];
const newHost = (plugins: string[], _extra = {}) => {
  const host = createHost({
    root: fixture('.'),
    config: { plugins: plugins.map((p) => ({ path: p })) },
    services: testServices(),
    env: {},
  });
  hosts.push(host);
  return host;
};

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

describe('host lifecycle', () => {
  it('starts plugins after what they require and runs their commands', async () => {
    const host = newHost(['greeter', 'hello']);
    const changes: StateChange[] = [];
    host.onStateChange((c) => changes.push(c));
    await host.start();
    expect(host.plugins().map((p) => [p.name, p.state])).toEqual([
      ['greeter', 'active'],
      ['hello', 'active'],
    ]);
    expect(changes.filter((c) => c.to === 'active').map((c) => c.plugin)).toEqual([
      'hello',
      'greeter',
    ]);
    expect(await host.execute('greet-twice', { name: 'Ada' })).toEqual({
      first: { greeting: 'Hello Ada' },
      second: { caller: 'greeter', plugin: { name: 'hello', version: '1.2.0' } },
    });
  });

  it('goes discovered -> validated -> loaded -> active -> inactive -> active -> inactive -> unloaded', async () => {
    const host = newHost(['hello']);
    const changes: string[] = [];
    host.onStateChange((c) => changes.push(`${c.from}->${c.to}`));
    await host.start();
    await host.disable('hello');
    await host.disable('hello');
    await host.enable('hello');
    await host.enable('hello');
    await host.unload('hello');
    expect(changes).toEqual([
      'discovered->validated',
      'validated->loaded',
      'loaded->active',
      'active->inactive',
      'inactive->active',
      'active->inactive',
      'inactive->unloaded',
    ]);
    expect(host.plugin('hello')).toBeUndefined();
  });

  it('removes commands on disable and brings them back on enable', async () => {
    const host = newHost(['hello']);
    await host.start();
    await host.disable('hello');
    await expect(host.execute('hello', { name: 'x' })).rejects.toMatchObject({
      code: 'UNKNOWN_COMMAND',
      message: 'No command "hello" is registered.',
    });
    await host.enable('hello');
    expect(await host.execute('hello', { name: 'x' })).toEqual({ greeting: 'Hello x' });
  });

  it('disables dependents first and enables requirements first', async () => {
    const host = newHost(['greeter', 'hello']);
    await host.start();
    await host.disable('hello');
    expect(host.plugin('greeter')?.state).toBe('inactive');
    await host.enable('greeter');
    expect(host.plugin('hello')?.state).toBe('active');
    expect(host.plugin('greeter')?.state).toBe('active');
  });

  it('validates command input and output against the manifest schemas', async () => {
    const host = newHost(['hello']);
    await host.start();
    await expect(host.execute('hello', { name: 42 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: 'hello',
      message:
        'The input of command "hello" of "hello" does not match its schema: /name must be string.',
    });
    await expect(host.execute('bad-output')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: 'hello',
      message:
        'The output of command "bad-output" of "hello" does not match its schema: (root) must have required property \'greeting\'.',
    });
  });

  it('refuses a contribution the manifest does not declare', async () => {
    const host = newHost(['undeclared']);
    const error = await host.start().catch((e: unknown) => e);
    expect(host.plugin('undeclared')?.state).toBe('failed');
    expect(host.plugin('undeclared')?.error?.toJSON()).toEqual({
      code: 'PLUGIN_ACTIVATION_FAILED',
      plugin: 'undeclared',
      message:
        '"undeclared" failed during activate: "undeclared" registered "sneaky", which is not declared in "contributes.commands" of its manifest, so the host refuses it.',
      hint: 'After the colon is what the plugin threw: fix the plugin, or turn it off with `stack-plugin disable undeclared` (it stays in stack.config.json, validated but not activated).',
      // The wrapped error keeps its own code and hint.
      errors: [
        {
          code: 'CONTRIBUTION_NOT_DECLARED',
          plugin: 'undeclared',
          message:
            '"undeclared" registered "sneaky", which is not declared in "contributes.commands" of its manifest, so the host refuses it.',
          hint: 'Add { "id": "sneaky" } to "contributes.commands" in stack-plugin.json.',
        },
      ],
    });
    expect(error).toMatchObject({ code: 'HOST_STARTUP_FAILED' });
    // What it registered before the refusal is gone too: a call gets the plugin's failure.
    await expect(host.execute('declared')).rejects.toMatchObject({
      code: 'PLUGIN_ACTIVATION_FAILED',
      plugin: 'undeclared',
    });
  });

  it('reports an unknown plugin', async () => {
    const host = newHost([]);
    await host.start();
    await expect(host.enable('ghost')).rejects.toMatchObject({
      code: 'PLUGIN_NOT_FOUND',
      plugin: 'ghost',
    });
  });

  it('loads a plugin at run time and refuses a second copy', async () => {
    const host = newHost([]);
    await host.start();
    const status = await host.load({ path: fixture('hello') });
    expect(status).toMatchObject({
      name: 'hello',
      version: '1.2.0',
      state: 'active',
      isolation: 'none',
    });
    await expect(host.load({ path: fixture('hello') })).rejects.toMatchObject({
      code: 'PLUGIN_DUPLICATE',
      plugin: 'hello',
    });
  });

  it('stops in reverse dependency order', async () => {
    const host = newHost(['hello', 'greeter']);
    await host.start();
    const order: string[] = [];
    host.onStateChange((c) => {
      if (c.to === 'inactive') order.push(c.plugin);
    });
    await host.stop();
    expect(order).toEqual(['greeter', 'hello']);
    expect(host.plugins()).toEqual([]);
  });
  it('refuses a contribution id another plugin already serves', async () => {
    const { dir, cleanup } = await tempDir();
    const manifest = { contributes: { commands: [{ id: 'shared.cmd' }] } };
    const code = (who: string) =>
      `export default { async activate(ctx) { await ctx.commands.register('shared.cmd', () => '${who}'); } };`;
    await writePlugin(dir, 'first', { manifest, code: code('first') });
    await writePlugin(dir, 'second', { manifest, code: code('second') });
    const host = createHost({
      root: dir,
      config: { plugins: [{ path: 'first' }] },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await host.start();
    const error = await host.load({ path: 'second' }).catch((e: unknown) => e);
    expect((error as { toJSON(): unknown }).toJSON()).toEqual({
      code: 'PLUGIN_ACTIVATION_FAILED',
      plugin: 'second',
      message:
        '"second" failed during activate: "second" cannot register command "shared.cmd": "first" already registered it.',
      hint: 'After the colon is what the plugin threw: fix the plugin, or turn it off with `stack-plugin disable second` (it stays in stack.config.json, validated but not activated).',
      errors: [
        {
          code: 'CONTRIBUTION_CONFLICT',
          plugin: 'second',
          message: '"second" cannot register command "shared.cmd": "first" already registered it.',
          hint: 'Give the contribution a unique id (prefix it with the plugin name), or disable one of the plugins.',
        },
      ],
    });
    expect(await host.execute('shared.cmd')).toBe('first');
    await host.stop();
    hosts.splice(hosts.indexOf(host), 1);
    await cleanup();
  });
});
