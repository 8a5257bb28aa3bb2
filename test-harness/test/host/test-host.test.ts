import { fileURLToPath } from 'node:url';
import { createInProcessExecutor } from '@stack-plugin/host';
import { defineCapability, definePlugin } from '@stack-plugin/pdk';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestHost,
  DEFAULT_FAKE_NOW,
  defineHostCapability,
  mountPlugin,
  type TestHost,
} from '../../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('mountPlugin', () => {
  it('mounts a plugin from its TypeScript sources and runs it on the real host', async () => {
    const greeter = await mountPlugin(fixture('greeter'), { config: { greeting: 'Hi' } });
    expect(await greeter.execute('greet', { name: 'Ada' })).toEqual({ text: 'Hi Ada', count: 1 });
    expect(greeter.status()).toMatchObject({
      name: 'fixture-greeter',
      version: '1.2.0',
      state: 'active',
    });
    expect(greeter.testHost.fs.tree()).toEqual({ 'out/1.txt': 'Hi Ada' });
    expect(greeter.testHost.state.snapshot()).toEqual({ 'plugin:fixture-greeter': { count: 1 } });
    expect(greeter.events).toEqual([
      {
        topic: 'greeter.greeted',
        payload: { name: 'Ada', count: 1 },
        source: 'fixture-greeter',
        time: DEFAULT_FAKE_NOW,
      },
    ]);
    expect(greeter.testHost.logger.lines()).toEqual([
      'info fixture-greeter: greeted Ada {"count":1}',
    ]);
  });

  it('starts the plugin state from the given value and validates input with the manifest', async () => {
    const greeter = await mountPlugin(fixture('greeter'), { state: { count: 41 } });
    await expect(greeter).toRespondWith('greet', { name: 'Bo' }, { text: 'Hello Bo', count: 42 });
    await expect(greeter.execute('greet', { name: '' })).toRejectWithCode('VALIDATION_FAILED');
  });

  it('reloads, disables and enables a plugin through the real host lifecycle', async () => {
    const greeter = await mountPlugin(fixture('greeter'));
    await greeter.execute('greet', { name: 'A' });
    await greeter.reload();
    await expect(greeter).toRespondWith('greet', { name: 'B' }, { text: 'Hello B', count: 2 });
    await greeter.disable();
    expect(greeter.status().state).toBe('inactive');
    await expect(greeter.execute('greet', { name: 'C' })).toRejectWithCode('UNKNOWN_COMMAND');
    await greeter.enable();
    await expect(greeter).toRespondWith('greet', { name: 'C' }, { text: 'Hello C', count: 3 });
    expect(greeter.calls.filter((c) => c.capability === 'contributions').length).toBe(3);
  });

  it('mounts an inline definition with its manifest', async () => {
    const plugin = await mountPlugin(
      {
        name: 'inline-double',
        definition: definePlugin({
          async activate(ctx) {
            await ctx.commands.register('double', (input) => (input as { n: number }).n * 2);
          },
        }),
        manifest: {
          contributes: {
            commands: [
              {
                id: 'double',
                input: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
              },
            ],
          },
        },
      },
      {},
    );
    await expect(plugin).toRespondWith('double', { n: 21 }, 42);
    await expect(plugin.execute('double', {})).toRejectWithCode('VALIDATION_FAILED');
  });

  it('mounts a plugin with a narrowed grant, and revokes at run time', async () => {
    const host = await createTestHost({ files: { 'data/a.txt': 'a', 'notes.txt': 'n' } });
    const plugin = await host.mount(
      {
        name: 'inline-reader',
        definition: definePlugin({
          async activate(ctx) {
            await ctx.commands.register('read', async (input) =>
              ctx.fs.readFile((input as { path: string }).path),
            );
          },
        }),
        manifest: { permissions: ['fs:read:**'], contributes: { commands: [{ id: 'read' }] } },
      },
      { grants: { grant: ['fs:read:data/**'] } },
    );
    await expect(plugin).toRespondWith('read', { path: 'data/a.txt' }, 'a');
    await expect(plugin.execute('read', { path: 'notes.txt' })).toRejectWithCode(
      'PERMISSION_DENIED',
    );
    expect(plugin.status()).toMatchObject({
      permissions: ['fs:read:data/**'],
      requestedPermissions: ['fs:read:**'],
      withheldPermissions: ['fs:read:**'],
    });
    plugin.revoke('fs:read');
    await expect(plugin.execute('read', { path: 'data/a.txt' })).toRejectWithCode(
      'PERMISSION_DENIED',
    );
    expect(
      host
        .audit()
        .filter((r) => r.capability === 'fs')
        .map((r) => [r.target, r.allowed]),
    ).toEqual([
      ['data/a.txt', true],
      ['notes.txt', false],
      ['data/a.txt', false],
    ]);
    await host.dispose();
  });

  it('mounts a host-defined capability with a fake implementation', async () => {
    const tickets = defineCapability({
      name: 'acme.tickets',
      service: 'acme.tickets',
      ctx: 'host.acme.tickets',
      title: 'Acme tickets',
      summary: 'Open tickets in the Acme tracker.',
      risk: 'medium',
      crossesSandbox: true,
      docs: 'tickets',
      permissions: [
        {
          kind: 'acme.tickets',
          grammar: 'acme.tickets',
          target: 'none',
          describe: () => ({ risk: 'medium', summary: 'Open tickets in the Acme tracker.' }),
        },
      ],
      methods: {
        create: {
          summary: 'Opens a ticket.',
          permission: 'acme.tickets',
          params: [
            { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
          ],
          result: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        },
      },
    });
    const host = await createTestHost({
      capabilities: [defineHostCapability(tickets, { create: () => ({ id: 'T-7' }) })],
    });
    const plugin = await host.mount({
      name: 'inline-tickets',
      definition: definePlugin({
        async activate(ctx) {
          await ctx.commands.register('open', async () =>
            ctx.host['acme.tickets']?.create?.({ title: 'hi' }),
          );
        },
      }),
      manifest: { permissions: ['acme.tickets'], contributes: { commands: [{ id: 'open' }] } },
    });
    await expect(plugin).toRespondWith('open', undefined, { id: 'T-7' });
    expect(plugin.calls.map((c) => [c.capability, c.method, c.args])).toContainEqual([
      'acme.tickets',
      'create',
      [{ title: 'hi' }],
    ]);
    await host.dispose();
  });

  it('refuses to mount a plugin whose manifest is broken, and cleans up', async () => {
    await expect(
      mountPlugin({ definition: definePlugin({ activate() {} }), manifest: { host: '^9.0.0' } }),
    ).toRejectWithCode('HOST_INCOMPATIBLE');
  });
});

describe('several plugins in one test host', () => {
  it('call each other’s commands and receive each other’s events', async () => {
    const th = await createTestHost({ plugins: [fixture('catalog'), fixture('audit-trail')] });
    await th.execute('catalog.add', { item: 'lamp' });
    await th.execute('catalog.add', { item: 'desk' });
    await expect(th).toRespondWith(
      'trail.report',
      {},
      {
        seen: ['fixture-catalog:lamp', 'fixture-catalog:desk'],
        count: 2,
      },
    );
    expect(th.plugin('fixture-catalog')).toHaveEmitted('catalog.added', { item: 'desk', total: 2 });
    expect(th.plugin('fixture-audit-trail')).not.toHaveEmitted('catalog.added');
    expect(
      th.plugin('fixture-audit-trail').calls.map((c) => `${c.capability}.${c.method}`),
    ).toContain('commands.execute');
    expect(th.plugins.map((p) => p.name)).toEqual(['fixture-catalog', 'fixture-audit-trail']);
  });
});

describe('lifecycle of a test host created inside a test', () => {
  let created: TestHost | undefined;
  it('is left running while the test runs', async () => {
    created = await createTestHost({ plugins: [fixture('catalog')] });
    expect(created.host.plugins().map((p) => p.state)).toEqual(['active']);
  });
  it('was checked and stopped when that test finished', () => {
    expect(created?.host.plugins()).toEqual([]);
  });
});

describe('a test host created in beforeAll', () => {
  let shared: TestHost;
  it('is set up', async () => {
    shared = await createTestHost({ auto: false, plugins: [fixture('catalog')] });
    await shared.execute('catalog.add', { item: 'x' });
    expect(shared).toHaveEmitted('catalog.added');
    expect(shared).toHaveEmitted('catalog.*', { item: 'x', total: 1 });
  });
  afterAll(async () => {
    await shared.dispose();
  });
});

describe('declared isolation (conformance)', () => {
  it('runs the built bundle in the host sandbox for its declared isolation', async () => {
    const th = await createTestHost({ auto: false, isolation: 'declared' });
    const bundle = await th.mount(fixture('bundle'));
    expect(bundle.status()).toMatchObject({ isolation: 'limited', state: 'active' });
    await expect(bundle).toRespondWith('bundle.add', { a: 2, b: 3 }, 5);
    // Calls made inside the worker are recorded at the executor seam like in-process ones.
    expect(bundle.calls.map((c) => `${c.capability}.${c.method}`)).toEqual([
      'contributions.register',
      'state.get',
      'state.set',
    ]);
    expect(th.state.snapshot()).toEqual({ 'plugin:fixture-bundle': { calls: 1 } });
    await th.dispose();
  });

  it('runs declared entries with the executors it is given, without the source substitution', async () => {
    const inProcess = createInProcessExecutor();
    const th = await createTestHost({
      auto: false,
      isolation: 'declared',
      sandboxExecutors: { limited: inProcess, strict: inProcess },
    });
    const bundle = await th.mount(fixture('bundle'));
    expect(bundle.status()).toMatchObject({ isolation: 'none', state: 'active' });
    await expect(bundle).toRespondWith('bundle.add', { a: 2, b: 3 }, 5);
    expect(bundle.calls.map((c) => `${c.capability}.${c.method}`)).toEqual([
      'contributions.register',
      'state.get',
      'state.set',
    ]);
    // greeter's declared entry (dist/index.js) is not built: declared mode does not fall back to sources.
    await expect(th.mount(fixture('greeter'))).toRejectWithCode('MANIFEST_INVALID');
    await th.dispose();
  });

  // Regression: the status said `limited` for a plugin the harness ran in-process.
  it('runs plugins that declare isolation in-process by default, so coverage works, and says so', async () => {
    const bundle = await mountPlugin(fixture('bundle'));
    expect(bundle.status().isolation).toBe('none');
    expect(bundle.status().manifest.isolation).toBe('limited');
    await expect(bundle).toRespondWith('bundle.add', { a: 1, b: 1 }, 2);
  });
});

// Regression: a JSON typo in stack-plugin.json was reported as "category/host missing".
describe('a manifest that is not valid JSON', () => {
  it('is reported as a syntax error with its line and column', async () => {
    const { cp, mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = join(await mkdtemp(join(tmpdir(), 'harness-json-')), 'greeter');
    await cp(fileURLToPath(new URL('../fixtures/greeter', import.meta.url)), dir, {
      recursive: true,
    });
    const file = join(dir, 'stack-plugin.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"host"', '"host" "x",'));
    await expect(mountPlugin(dir)).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      message: expect.stringMatching(
        /stack-plugin\.json is not valid JSON: .* \(line 3 column \d+\)/,
      ),
    });
  });
});
