import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

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
