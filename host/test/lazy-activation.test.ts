import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host, type IsolationLevel } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

// Lazy activation through the public host API, at isolation none (in process) and limited
// (worker sandbox): the same plugins, the same expectations.

// `seen` lives in the plugin's module: it shows which events reached this generation.
const LISTENER = `let seen = [];
export default {
  async activate(ctx) {
    await ctx.events.on('build.*', (event) => { seen.push(event.topic); });
    await ctx.commands.register('seen', () => seen);
    await ctx.commands.register('double', (n) => n * 2);
    await ctx.steps.register('triple', (input) => ({ n: input.n * 3 }));
  },
};
`;

const lazyManifest = {
  activationEvents: ['onCommand:double', 'onEvent:build.*'],
  permissions: ['events:on:build.*'],
  contributes: {
    commands: [{ id: 'seen' }, { id: 'double' }],
    steps: [{ id: 'triple' }],
    workflows: [{ id: 'lazy.flow', steps: [{ id: 't', uses: 'steps:triple', with: { n: 2 } }] }],
  },
};

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  await writePlugin(root, 'lazy', { manifest: lazyManifest, code: LISTENER });
  await writePlugin(root, 'eager', {
    manifest: { contributes: { commands: [{ id: 'ping' }] } },
    code: `export default { async activate(ctx) { await ctx.commands.register('ping', () => 'pong'); } };\n`,
  });
  await writePlugin(root, 'base', {
    manifest: { activationEvents: [], contributes: { commands: [{ id: 'base.value' }] } },
    code: `export default { async activate(ctx) { await ctx.commands.register('base.value', () => 20); } };\n`,
  });
  await writePlugin(root, 'top', {
    manifest: {
      activationEvents: [],
      requires: { base: '^1.0.0' },
      contributes: { commands: [{ id: 'top.value' }] },
    },
    code: `export default { async activate(ctx) {
  await ctx.commands.register('top.value', async () => 1 + (await ctx.commands.execute('base.value')));
} };\n`,
  });
  await writePlugin(root, 'needs-base', {
    manifest: { requires: { base: '^1.0.0' }, contributes: { commands: [{ id: 'needs.value' }] } },
    code: `export default { async activate(ctx) { await ctx.commands.register('needs.value', () => 1); } };\n`,
  });
  await writePlugin(root, 'broken', {
    manifest: {
      activationEvents: ['onCommand:broken.run'],
      contributes: { commands: [{ id: 'broken.run' }] },
    },
    code: `export default { activate() { throw new Error('no database'); } };\n`,
  });
  await writePlugin(root, 'on-flow', {
    manifest: {
      activationEvents: ['onWorkflow:configured.flow'],
      contributes: { commands: [{ id: 'flow.mark' }] },
    },
    code: `export default { async activate(ctx) { await ctx.commands.register('flow.mark', () => 'marked'); } };\n`,
  });
});
afterAll(() => cleanup());

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

describe.each<IsolationLevel>(['none', 'limited'])(
  'lazy activation at isolation %s',
  (isolation) => {
    const newHost = (plugins: string[]) => {
      const host = createHost({
        root,
        config: {
          plugins: plugins.map((path) => ({ path, isolation })),
          workflows: [{ id: 'configured.flow', steps: [{ id: 'p', uses: 'ping' }] }],
        },
        services: testServices(),
        env: {},
      });
      hosts.push(host);
      const changes: string[] = [];
      host.onStateChange((c) => changes.push(`${c.plugin}:${c.from}->${c.to}`));
      return { host, changes };
    };

    it('checks a lazy plugin at start but runs none of its code, and lists its contributions', async () => {
      const { host, changes } = newHost(['eager', 'lazy']);
      await host.start();
      expect(host.plugins().map((p) => [p.name, p.state])).toEqual([
        ['eager', 'active'],
        ['lazy', 'lazy'],
      ]);
      expect(changes.filter((c) => c.startsWith('lazy:'))).toEqual([
        'lazy:discovered->validated',
        'lazy:validated->lazy',
      ]);
      expect(host.plugin('lazy')?.metrics.activateMs).toBeUndefined();
      expect(
        host.contributions({ plugin: 'lazy', kind: 'commands' }).map((c) => [c.id, c.state]),
      ).toEqual([
        ['seen', 'available'],
        ['double', 'available'],
      ]);
    });

    it('activates on the first call of any declared contribution, once under concurrent calls', async () => {
      const { host, changes } = newHost(['lazy']);
      await host.start();
      const results = await Promise.all([
        host.execute('double', 2),
        host.execute('double', 3),
        host.call('seen'),
        host.invoke('steps', 'triple', { n: 1 }),
      ]);
      expect(results).toEqual([4, 6, [], { n: 3 }]);
      expect(changes.filter((c) => c.startsWith('lazy:'))).toEqual([
        'lazy:discovered->validated',
        'lazy:validated->lazy',
        'lazy:lazy->loaded',
        'lazy:loaded->active',
      ]);
      expect(host.plugin('lazy')?.metrics.activateMs).toBeGreaterThanOrEqual(0);
    });

    it('activates on the first event on a declared topic and delivers that event to it', async () => {
      const { host } = newHost(['lazy']);
      await host.start();
      await host.events.emit('other.topic', {});
      expect(host.plugin('lazy')?.state).toBe('lazy');
      await host.events.emit('build.done', { ok: true });
      expect(host.plugin('lazy')?.state).toBe('active');
      await host.events.emit('build.again', {});
      expect(await host.execute('seen')).toEqual(['build.done', 'build.again']);
    });

    it('activates on the first run of its own workflow, and onWorkflow for a configured one', async () => {
      const { host } = newHost(['eager', 'lazy', 'on-flow']);
      await host.start();
      const own = await host.runWorkflow('lazy.flow');
      expect(own.status).toBe('succeeded');
      expect(own.steps.t?.output).toEqual({ n: 6 });
      expect(host.plugin('on-flow')?.state).toBe('lazy');
      const configured = await host.runWorkflow('configured.flow');
      expect(configured.status).toBe('succeeded');
      expect(host.plugin('on-flow')?.state).toBe('active');
    });

    it('activates lazy requirements first, and keeps a lazy plugin an eager one requires active', async () => {
      const { host, changes } = newHost(['top', 'base']);
      await host.start();
      expect(host.plugins().map((p) => p.state)).toEqual(['lazy', 'lazy']);
      expect(await host.execute('top.value')).toBe(21);
      expect(changes.filter((c) => c.endsWith('->active'))).toEqual([
        'base:loaded->active',
        'top:loaded->active',
      ]);

      const second = newHost(['needs-base', 'base']);
      await second.host.start();
      expect(second.host.plugins().map((p) => [p.name, p.state])).toEqual([
        ['needs-base', 'active'],
        ['base', 'active'],
      ]);
    });

    it('reports a failed first activation with the plugin activation code, on every call', async () => {
      const { host } = newHost(['broken', 'eager']);
      await host.start();
      expect(host.plugin('broken')?.state).toBe('lazy');
      const first = host.execute('broken.run');
      const concurrent = host.execute('broken.run');
      for (const call of [first, concurrent]) {
        await expect(call).rejects.toMatchObject({
          code: 'PLUGIN_ACTIVATION_FAILED',
          plugin: 'broken',
        });
      }
      expect(host.plugin('broken')?.state).toBe('failed');
      await expect(host.execute('broken.run')).rejects.toMatchObject({
        code: 'PLUGIN_ACTIVATION_FAILED',
        plugin: 'broken',
      });
      expect(await host.execute('ping')).toBe('pong');
    });

    it('does not activate a disabled lazy plugin on use; enable and reload interplay', async () => {
      const { host, changes } = newHost(['lazy']);
      await host.start();
      await host.disable('lazy');
      expect(host.plugin('lazy')?.state).toBe('inactive');
      await expect(host.execute('double', 1)).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' });
      await host.events.emit('build.done', {});
      expect(host.plugin('lazy')?.state).toBe('inactive');
      await host.enable('lazy');
      expect(host.plugin('lazy')?.state).toBe('active');
      expect(await host.execute('seen')).toEqual([]);
      expect(changes.filter((c) => c.startsWith('lazy:')).slice(2)).toEqual([
        'lazy:lazy->inactive',
        'lazy:inactive->active',
      ]);

      // A reload of a lazy plugin keeps it lazy: the new code runs on first use.
      const other = newHost(['lazy']);
      await other.host.start();
      await other.host.reload('lazy');
      expect(other.host.plugin('lazy')?.state).toBe('lazy');
      expect(await other.host.execute('double', 5)).toBe(10);
    });

    it('listens for the onEvent topics of the reloaded manifest', async () => {
      const name = `relisten-${isolation}`;
      const write = (topic: string) =>
        writePlugin(root, name, {
          manifest: { activationEvents: [`onEvent:${topic}.*`] },
          code: 'export default { activate() {} };\n',
        });
      const { host } = newHost([await write('build')]);
      await host.start();
      await write('deploy');
      await host.reload(name);
      await host.events.emit('build.done', {});
      expect(host.plugin(name)?.state).toBe('lazy');
      await host.events.emit('deploy.done', {});
      expect(host.plugin(name)?.state).toBe('active');
    });

    it('leaves a lazy plugin lazy on host.load, and enable activates it now', async () => {
      const { host } = newHost([]);
      await host.start();
      const status = await host.load({ path: 'lazy' }, { isolation });
      expect(status.state).toBe('lazy');
      await host.enable('lazy');
      expect(host.plugin('lazy')?.state).toBe('active');
    });
  },
);
