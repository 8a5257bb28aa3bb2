import { HOST_PLUGIN_EVENTS, ISOLATION_LEVELS } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { fixture, testServices } from './_support.js';

// ctx.metrics and the host's plugin events through real plugins at every isolation level:
// sandboxed plugins reach them through the broker like every capability.

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string } };

describe.each(ISOLATION_LEVELS.map((level) => [level]))('ctx.metrics at %s', (isolation) => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
  });

  async function start(budgets?: { metricSeries: number }) {
    const host = createHost({
      root: fixture('.'),
      config: {
        plugins: ['metrics-monitor', 'metrics-plain'].map((path) => ({ path, isolation })),
        ...(budgets === undefined ? {} : { policy: { budgets } }),
      },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await host.start();
    const run = (plugin: string, op: string, ...args: unknown[]) =>
      host.execute(`${plugin}.do`, { op, args }) as Promise<Outcome>;
    return { host, run };
  }

  it("keeps each plugin's own counters and gauges, and reports every plugin to metrics:read", async () => {
    const { host, run } = await start();
    expect(await run('metrics-plain', 'count', 'tokens_total', 120, { model: 'small' })).toEqual({
      ok: true,
    });
    await run('metrics-plain', 'count', 'tokens_total', 30, { model: 'small' });
    await run('metrics-plain', 'count', 'requests_total');
    await run('metrics-plain', 'gauge', 'queue_depth', 3);
    await run('metrics-plain', 'gauge', 'queue_depth', 2);
    expect(host.plugin('metrics-plain')?.metrics.recorded).toEqual([
      { name: 'tokens_total', kind: 'counter', labels: { model: 'small' }, value: 150 },
      { name: 'requests_total', kind: 'counter', labels: {}, value: 1 },
      { name: 'queue_depth', kind: 'gauge', labels: {}, value: 2 },
    ]);

    const read = await run('metrics-monitor', 'read');
    expect(read.ok).toBe(true);
    const reports = (read as { value: Array<Record<string, unknown>> }).value;
    expect(reports.map((r) => r.plugin)).toEqual(['metrics-monitor', 'metrics-plain']);
    const plain = reports.find((r) => r.plugin === 'metrics-plain');
    expect(plain).toMatchObject({
      version: '1.0.0',
      state: 'active',
      isolation,
      // The five calls above; the monitor's own `read` is still running.
      calls: 5,
      errors: 0,
      recorded: host.plugin('metrics-plain')?.metrics.recorded,
    });
    expect(plain?.p50Ms).toBeTypeOf('number');
    expect(plain?.activateMs).toBeTypeOf('number');
  });

  it('refuses metrics:read to a plugin without it, and audits the denial', async () => {
    const { host, run } = await start();
    const denied = await run('metrics-plain', 'read');
    expect(denied).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(host.audit().filter((r) => r.capability === 'metrics')).toMatchObject([
      { plugin: 'metrics-plain', method: 'read', allowed: false },
    ]);
  });

  it('refuses names, labels and values Prometheus cannot take', async () => {
    const { host, run } = await start();
    const refused = async (...args: unknown[]) => {
      const outcome = await run('metrics-plain', ...(args as [string, ...unknown[]]));
      expect(outcome, JSON.stringify(args)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    };
    await refused('count', 'bad name', 1);
    await refused('count', 'x'.repeat(129), 1);
    await refused('count', 'ok_total', -1);
    await refused('gauge', 'ok', Number.NaN);
    await refused('count', 'ok_total', 1, { __name__: 'spoof' });
    await refused('count', 'ok_total', 1, { 'bad-label': 'x' });
    await refused('count', 'ok_total', 1, { label: 'x'.repeat(129) });
    await refused('count', 'ok_total', 1, Object.fromEntries([...'abcdefghi'].map((k) => [k, k])));
    await refused('count', 'ok_total', 1, { label: 7 });
    await run('metrics-plain', 'gauge', 'depth', 1);
    await refused('count', 'depth', 1);
    expect(host.plugin('metrics-plain')?.metrics.recorded).toEqual([
      { name: 'depth', kind: 'gauge', labels: {}, value: 1 },
    ]);
  });

  it('refuses a series beyond the metricSeries budget, and keeps counting the others', async () => {
    const { host, run } = await start({ metricSeries: 20 });
    const flood = await host.execute('metrics-plain.do', { op: 'flood', count: 1000 });
    expect(flood).toMatchObject({
      ok: false,
      error: { code: 'PLUGIN_BUDGET_EXCEEDED' },
    });
    expect((flood as { error: { message: string } }).error.message).toContain('metricSeries');
    expect(host.plugin('metrics-plain')?.metrics.recorded).toHaveLength(20);
    expect(await run('metrics-plain', 'count', 'hits_total', 5, { id: 'u0' })).toEqual({
      ok: true,
    });
    expect(host.plugin('metrics-plain')?.metrics.recorded[0]?.value).toBe(6);
  });

  it('publishes host.plugin.* events to a plugin granted them, and refuses spoofed ones', async () => {
    const { host, run } = await start();
    await host.disable('metrics-plain');
    await host.enable('metrics-plain');
    await host.reload('metrics-plain');
    // Delivery to a sandbox is asynchronous: wait for the reload to be heard.
    let heard: Array<{ topic: string; plugin: string; event: string; from: string; to: string }> =
      [];
    for (let i = 0; i < 100 && !heard.some((e) => e.event === 'reload'); i++) {
      heard = ((await run('metrics-monitor', 'events')) as { value: typeof heard }).value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Plain may have loaded before the monitor listened (they start side by side).
    const plain = heard.filter((e) => e.plugin === 'metrics-plain');
    expect(plain.map((e) => `${e.event} ${e.from}->${e.to}`).slice(-3)).toEqual([
      'deactivate active->inactive',
      'activate inactive->active',
      'reload active->active',
    ]);
    expect(plain.at(-1)).toEqual({
      topic: 'host.plugin.reloaded',
      plugin: 'metrics-plain',
      version: '1.0.0',
      event: 'reload',
      from: 'active',
      to: 'active',
    });
    for (const event of heard) {
      expect(event.topic).toBe(HOST_PLUGIN_EVENTS[event.event as 'load'].topic);
    }
    const spoof = await run('metrics-monitor', 'emit', 'host.plugin.crashed', {
      plugin: 'metrics-plain',
    });
    expect(spoof).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((spoof as { error: { message: string } }).error.message).toContain('host only');
  });
});

describe('host events in a host application', () => {
  it('reaches host code through host.events.on', async () => {
    const host = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'metrics-plain', isolation: 'none' }] },
      services: testServices(),
      env: {},
    });
    const topics: string[] = [];
    host.events.on('host.plugin.**', (event) => {
      topics.push(event.topic);
    });
    await host.start();
    await host.stop();
    expect(topics).toEqual([
      'host.plugin.validated',
      'host.plugin.loaded',
      'host.plugin.activated',
      'host.plugin.deactivated',
      'host.plugin.unloaded',
    ]);
  });
});
