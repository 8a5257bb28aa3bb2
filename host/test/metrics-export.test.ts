import { createRequire } from 'node:module';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHost,
  formatPrometheusMetrics,
  type Host,
  LATENCY_BOUNDS_MS,
  type PluginStatus,
} from '../src/index.js';
import { fixture, testServices } from './_support.js';

// The call figures the host measures (calls, errors, timeouts, bytes, latency histogram and
// percentiles) through real calls, and their Prometheus exposition read back by a parser.

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: ReadonlyArray<{ value?: string; labels?: Record<string, string> }>;
}
// CommonJS (`module.exports = parse`) without types: required, typed as its README documents.
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

async function start(): Promise<Host> {
  const host = createHost({
    root: fixture('.'),
    config: { plugins: [{ path: 'faulty-handlers' }, { path: 'metrics-plain' }] },
    services: testServices(),
    env: {},
  });
  hosts.push(host);
  await host.start();
  return host;
}

/** Every counter and gauge family rebuilt in a prom-client registry must render the same lines. */
async function roundTrip(families: readonly Family[], text: string): Promise<void> {
  const registry = new Registry();
  for (const family of families.filter((f) => f.type === 'COUNTER' || f.type === 'GAUGE')) {
    const labelNames = [...new Set(family.metrics.flatMap((m) => Object.keys(m.labels ?? {})))];
    const config = { name: family.name, help: family.help, labelNames, registers: [registry] };
    const metric = family.type === 'COUNTER' ? new Counter(config) : new Gauge(config);
    for (const sample of family.metrics) {
      const value = Number(sample.value);
      expect(Number.isFinite(value), `${family.name} ${sample.value}`).toBe(true);
      if (metric instanceof Counter) metric.inc(sample.labels ?? {}, value);
      else metric.set(sample.labels ?? {}, value);
    }
  }
  for (const line of (await registry.metrics()).split('\n')) expect(text).toContain(line);
}

describe('plugin call metrics', () => {
  it('counts calls, errors, timeouts and payload bytes where the host makes the call', async () => {
    const host = await start();
    for (let i = 0; i < 3; i++) expect(await host.execute('ok', { text: 'abcd' })).toBe('fine');
    await expect(host.execute('boom')).rejects.toMatchObject({ code: 'PLUGIN_CALL_FAILED' });
    await expect(host.execute('hang')).rejects.toMatchObject({ code: 'PLUGIN_TIMEOUT' });

    const metrics = host.plugin('faulty-handlers')?.metrics;
    expect(metrics).toMatchObject({ calls: 5, errors: 2, timeouts: 1, restarts: 0 });
    // Three inputs of { text: 'abcd' } and two undefined inputs, as the payload check sizes
    // them; three outputs of 'fine' (4 characters, 2 bytes each).
    const inputBytes = (metrics?.bytesIn ?? 0) - 2 * 8;
    expect(inputBytes % 3).toBe(0);
    expect(inputBytes / 3).toBeGreaterThanOrEqual('text'.length * 2 + 'abcd'.length * 2);
    expect(metrics?.bytesOut).toBe(3 * 8);
    // The timeout took the plugin's deadline (150 ms): the top of the histogram.
    const { latency } = metrics ?? {};
    expect(latency?.count).toBe(5);
    expect(latency?.boundsMs).toEqual(LATENCY_BOUNDS_MS);
    expect(latency?.counts.at(-1)).toBe(5);
    // Cumulative buckets; how fast the four quick calls were is the machine's business (no
    // timed assertion), only the timeout is known to sit above 100 ms.
    const counts = latency?.counts ?? [];
    for (let i = 1; i < counts.length; i++)
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
    expect(counts[LATENCY_BOUNDS_MS.indexOf(100)]).toBeLessThanOrEqual(4);
    expect(latency?.sumMs).toBeGreaterThanOrEqual(150);
    expect(metrics?.p99Ms).toBeGreaterThanOrEqual(150);
    expect(metrics?.p95Ms).toBeGreaterThanOrEqual(metrics?.p50Ms ?? Number.NaN);
    expect(metrics?.p99Ms).toBeGreaterThanOrEqual(metrics?.p95Ms ?? Number.NaN);
  });

  it('exports every figure in the Prometheus text format, parsed back to the same values', async () => {
    const host = await start();
    await host.execute('ok', 1);
    await expect(host.execute('boom')).rejects.toThrow();
    await host.execute('metrics-plain.do', {
      op: 'count',
      args: ['tokens_total', 7, { plugin: 'own', model: 'small "q"\n' }],
    });
    const text = await host.metricsText();
    expect(text).toBe(await formatPrometheusMetrics(host.plugins()));
    const families = parse(text);
    await roundTrip(families, text);
    const family = (name: string) => families.find((f) => f.name === name);
    const value = (name: string, plugin: string) =>
      Number(family(name)?.metrics.find((m) => m.labels?.plugin === plugin)?.value);
    const status = host.plugin('faulty-handlers') as PluginStatus;
    expect(value('stack_plugin_calls_total', 'faulty-handlers')).toBe(2);
    expect(value('stack_plugin_call_errors_total', 'faulty-handlers')).toBe(1);
    expect(value('stack_plugin_call_timeouts_total', 'faulty-handlers')).toBe(0);
    expect(value('stack_plugin_bytes_out_total', 'faulty-handlers')).toBe(8);
    expect(value('stack_plugin_calls_total', 'metrics-plain')).toBe(1);
    expect(family('stack_plugin_calls_total')?.type).toBe('COUNTER');
    expect(family('stack_plugin_info')?.metrics).toContainEqual({
      value: '1',
      labels: { plugin: 'faulty-handlers', version: '1.0.0', isolation: 'none', state: 'active' },
    });

    // The histogram (which the parser reads only without labels): prom-client's own Histogram,
    // fed one observation per call at its bucket's bound, renders the same bucket and count lines.
    expect(family('stack_plugin_call_duration_seconds')?.type).toBe('HISTOGRAM');
    const registry = new Registry();
    const reference = new Histogram({
      name: 'stack_plugin_call_duration_seconds',
      help: 'Latency of every call since the host started.',
      labelNames: ['plugin'],
      buckets: LATENCY_BOUNDS_MS.map((bound) => bound / 1000),
      registers: [registry],
    });
    for (const { name: plugin, metrics } of host.plugins()) {
      const { counts, count } = metrics.latency;
      [...counts, count].forEach((below, i) => {
        const inBucket = below - (i === 0 ? 0 : (counts[i - 1] as number));
        const at = (LATENCY_BOUNDS_MS[i] ?? 60_000) / 1000;
        for (let n = 0; n < inBucket; n++) reference.observe({ plugin }, at);
      });
    }
    const lines = (await registry.metrics()).split('\n').filter((line) => line !== '');
    expect(lines.filter((line) => /_(bucket|count)\{/.test(line))).toHaveLength(
      2 * (LATENCY_BOUNDS_MS.length + 2),
    );
    for (const line of lines.filter((line) => !line.includes('_sum{'))) {
      expect(text).toContain(line);
    }
    expect(text).toContain(`{le="+Inf",plugin="faulty-handlers"} 2\n`);
    const sum = /stack_plugin_call_duration_seconds_sum\{plugin="faulty-handlers"\} (\S+)/.exec(
      text,
    );
    expect(Number(sum?.[1])).toBeCloseTo(status.metrics.latency.sumMs / 1000, 9);

    const quantiles = family('stack_plugin_call_latency_seconds')?.metrics.filter(
      (m) => m.labels?.plugin === 'faulty-handlers',
    );
    expect(quantiles?.map((m) => m.labels?.quantile)).toEqual(['0.5', '0.95', '0.99']);
    expect(Number(quantiles?.[0]?.value)).toBeCloseTo((status.metrics.p50Ms ?? 0) / 1000, 9);

    // What the plugin recorded, its own `plugin` label renamed, its value escaped.
    expect(family('stack_plugin_recorded_tokens_total')?.metrics).toEqual([
      {
        value: '7',
        labels: { plugin: 'metrics-plain', exported_plugin: 'own', model: 'small "q"\n' },
      },
    ]);
  });
});
