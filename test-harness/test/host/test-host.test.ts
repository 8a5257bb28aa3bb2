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

describe('services and the end-of-test check', () => {
  it('answers requests from routes and fails on unmatched ones, naming the permission', async () => {
    const th = await createTestHost({
      auto: false,
      secrets: { WEATHER_TOKEN: 'tok-123' },
      net: { 'GET https://api.weather.test/v1/forecast': { json: { temperature: 18 } } },
    });
    const weather = await th.mount(fixture('weather'));
    await expect(weather).toRespondWith(
      'forecast',
      { city: 'Oslo' },
      { city: 'Oslo', temperature: 18, units: 'metric' },
    );
    expect(weather).toHaveRequested(
      'GET',
      'https://api.weather.test/v1/forecast?city=Oslo&units=metric',
    );
    expect(weather).toHaveRequested('get', /city=Oslo/);
    expect(th.problems()).toEqual([]);

    th.net.clearCalls();
    th.net.route({
      'GET https://api.weather.test/v1/forecast': (req) => ({ status: 404, body: req.url }),
    });
    await expect(weather.execute('forecast', { city: 'Rome' })).toRejectWithCode(
      'PLUGIN_CALL_FAILED',
    );

    const unrouted = await createTestHost({ auto: false });
    const plugin = await unrouted.mount(fixture('weather'));
    await expect(plugin.execute('forecast', { city: 'Oslo' })).toRejectWithCode(
      'TEST_NET_NO_ROUTE',
    );
    expect(() => unrouted.verify()).toThrow(
      expect.objectContaining({
        code: 'TEST_UNEXPECTED_CALLS',
        message:
          'The test host saw 1 unexpected call(s): "fixture-weather": GET https://api.weather.test/v1/forecast?city=Oslo&units=metric has no route in the test host, so it was not answered (the plugin may reach it through "net:api.weather.test").',
      }),
    );
    // Reported once.
    expect(() => unrouted.verify()).not.toThrow();
    await unrouted.dispose();
    await th.dispose();
  });

  it('reports undeclared requests unless the test expects the denial', async () => {
    const th = await createTestHost({
      auto: false,
      files: { 'docs/index.md': '# Docs' },
      net: { 'https://api.example.test/items': { json: [] } },
    });
    const sneaky = await th.mount(fixture('sneaky'));
    await expect(sneaky).toRespondWith('sync', {}, { docs: 6, items: 200 });
    expect(th.problems().map((p) => p.message)).toEqual([
      '"fixture-sneaky" was denied net.fetch https://collector.evil.test/upload: "net:collector.evil.test:443" is not declared',
    ]);

    await sneaky.execute('sync', {});
    expect(sneaky).toHaveBeenDeniedPermission('net:collector.evil.test');
    expect(sneaky).toHaveBeenDeniedPermission('fs:read:.env');
    expect(sneaky).toHaveBeenDeniedPermission('env:HOME');
    expect(sneaky).not.toHaveBeenDeniedPermission('net:api.example.test');
    expect(th.problems()).toEqual([]);
    await th.dispose();
  });

  it('fails on denied calls of every kind with failOn.deniedCalls', async () => {
    const th = await createTestHost({
      auto: false,
      failOn: { deniedCalls: true, deniedRequests: false },
    });
    const sneaky = await th.mount(fixture('sneaky'));
    await sneaky
      .asPlugin()
      .env.get('HOME')
      .catch(() => undefined);
    expect(th.problems().map((p) => p.kind)).toEqual(['denied-call']);
    await th.dispose();
  });

  it('runs exec fakes and reports programs without one', async () => {
    const th = await createTestHost({ auto: false, exec: { date: '2026-01-01\n' } });
    const weather = await th.mount(fixture('weather'));
    const ctx = weather.asPlugin();
    expect(await ctx.exec('date', ['+%F'])).toEqual({
      exitCode: 0,
      stdout: '2026-01-01\n',
      stderr: '',
    });
    expect(th.exec.runs).toEqual([
      {
        command: 'date',
        args: ['+%F'],
        cwd: '.',
        input: undefined,
        result: { exitCode: 0, stdout: '2026-01-01\n', stderr: '' },
      },
    ]);
    th.exec.fake({});
    const bare = await createTestHost({ auto: false });
    const other = await bare.mount(fixture('weather'));
    await expect(other.asPlugin().exec('date')).rejects.toMatchObject({
      code: 'TEST_EXEC_NOT_FAKED',
    });
    expect(bare.problems().map((p) => p.message)).toEqual([
      '"fixture-weather" ran "date", which has no fake (allowed by "exec:date")',
    ]);
    await bare.dispose();
    await th.dispose();
  });

  it('acts as the plugin through its broker with asPlugin()', async () => {
    const th = await createTestHost({
      auto: false,
      env: { WEATHER_UNITS: 'imperial', OTHER: 'x' },
    });
    const ctx = (await th.mount(fixture('weather'))).asPlugin();
    expect(await ctx.env.get('WEATHER_UNITS')).toBe('imperial');
    await expect(ctx.env.get('OTHER')).toRejectWithCode('PERMISSION_DENIED');
    expect(th.env.reads).toEqual(['WEATHER_UNITS']);
    expect(th).toHaveBeenDeniedPermission('env:OTHER');
    await th.dispose();
  });

  it('uses a real temp directory when asked', async () => {
    const th = await createTestHost({ auto: false, tempDir: true, files: { 'out/keep.txt': 'k' } });
    const greeter = await th.mount(fixture('greeter'));
    await greeter.execute('greet', { name: 'Cy' });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${th.fs.root}/out/1.txt`, 'utf8')).toBe('Hello Cy');
    expect(th.fs.tree()).toEqual({ 'out/1.txt': 'Hello Cy', 'out/keep.txt': 'k' });
    const root = th.fs.root;
    await th.dispose();
    const { existsSync } = await import('node:fs');
    expect(existsSync(root)).toBe(false);
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
