import type { Metric } from 'prom-client';
import { importOptional } from '../_internal/import-optional.js';
import type { PluginStatus } from './host-types.js';
import type { PluginMetrics } from './plugin-metrics.js';

/** The content type of {@link formatPrometheusMetrics}' text (Prometheus text format 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PREFIX = 'stack_plugin_';
const seconds = (ms: number) => ms / 1000;

/** The cumulative figures of one plugin, each a counter family. */
const COUNTERS = [
  ['calls_total', 'calls', 'Handler calls made to the plugin (commands, steps, events delivered).'],
  ['call_errors_total', 'errors', 'Calls that failed or timed out.'],
  ['call_timeouts_total', 'timeouts', 'Calls that ran past the deadline (PLUGIN_TIMEOUT).'],
  [
    'calls_rejected_total',
    'rejected',
    'Calls refused before reaching the plugin: input not plain data or not matching its schema.',
  ],
  ['restarts_total', 'restarts', 'Restarts of the sandbox by its supervisor after a crash.'],
  ['bytes_in_total', 'bytesIn', 'Bytes of the inputs passed to its contributions.'],
  ['bytes_out_total', 'bytesOut', 'Bytes of the outputs its contributions returned.'],
] as const satisfies ReadonlyArray<readonly [string, keyof PluginMetrics, string]>;

/**
 * The host's per-plugin metrics in the Prometheus text exposition format, rendered by
 * prom-client (loaded here, on first use, so hosts that never export do not load it): call,
 * error, timeout and restart counters, payload bytes in and out, the call latency histogram
 * (`stack_plugin_call_duration_seconds`), the p50/p95/p99 of the recent calls, load and
 * activate times, and the series plugins recorded with `ctx.metrics`
 * (`stack_plugin_recorded_<name>`, with `plugin` beside their labels; a label of theirs named
 * `plugin` becomes `exported_plugin`). Figures are cumulative since the host started, so a
 * scraper may read them at any interval. Serve it with {@link PROMETHEUS_CONTENT_TYPE}.
 *
 * @example
 * ```ts
 * import { createHost, formatPrometheusMetrics } from '@stack-plugin/host';
 *
 * const host = createHost({ root: process.cwd() });
 * await host.start();
 * const text = await formatPrometheusMetrics(host.plugins()); // the same as host.metricsText()
 * ```
 */
export async function formatPrometheusMetrics(plugins: readonly PluginStatus[]): Promise<string> {
  const { Counter, Gauge, Registry } = await importOptional(
    'prom-client',
    'The Prometheus text of the metrics',
    () => import('prom-client'),
  );
  const registry = new Registry();
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers });

  const info = gauge('info', 'A plugin of the host, with its version, isolation and state.', [
    'plugin',
    'version',
    'isolation',
    'state',
  ]);
  const counters = COUNTERS.map(
    ([name, key, help]) =>
      [
        new Counter({ name: `${PREFIX}${name}`, help, labelNames: ['plugin'], registers }),
        key,
      ] as const,
  );
  const quantiles = gauge(
    'call_latency_seconds',
    'Call latency over the recent calls (the last 1024) at the 0.5, 0.95 and 0.99 quantiles.',
    ['plugin', 'quantile'],
  );
  const load = gauge('load_seconds', "Time the plugin's code took to load, last load.", ['plugin']);
  const activate = gauge('activate_seconds', "Time the plugin's activate took, last activation.", [
    'plugin',
  ]);
  for (const { name: plugin, version, isolation, state, metrics } of plugins) {
    info.set({ plugin, version, isolation, state }, 1);
    for (const [counter, key] of counters) counter.inc({ plugin }, metrics[key]);
    const figures = [
      [quantiles, { plugin, quantile: '0.5' }, metrics.p50Ms],
      [quantiles, { plugin, quantile: '0.95' }, metrics.p95Ms],
      [quantiles, { plugin, quantile: '0.99' }, metrics.p99Ms],
      [load, { plugin }, metrics.loadMs],
      [activate, { plugin }, metrics.activateMs],
    ] as const;
    for (const [metric, labels, ms] of figures) {
      if (ms !== undefined) metric.set(labels, seconds(ms));
    }
  }
  registry.registerMetric(latencyHistogram(plugins));
  recordedSeries(plugins, Counter, Gauge, registers);
  return registry.metrics();
}

/**
 * The latency histogram as a prom-client metric. The host keeps bucket counts itself (a call
 * costs one increment, and prom-client is not loaded to record), so the family is given to
 * prom-client's registry as the values its own `Histogram` would produce (`_bucket` with `le`,
 * `_sum`, `_count`), which the registry renders and escapes like any other.
 */
function latencyHistogram(plugins: readonly PluginStatus[]): Metric {
  const name = `${PREFIX}call_duration_seconds`;
  const help = 'Latency of every call since the host started.';
  const values = plugins.flatMap(({ name: plugin, metrics: { latency } }) => [
    ...latency.boundsMs.map((bound, i) => ({
      metricName: `${name}_bucket`,
      labels: { le: seconds(bound), plugin },
      value: latency.counts[i] as number,
    })),
    { metricName: `${name}_bucket`, labels: { le: '+Inf', plugin }, value: latency.count },
    { metricName: `${name}_sum`, labels: { plugin }, value: seconds(latency.sumMs) },
    { metricName: `${name}_count`, labels: { plugin }, value: latency.count },
  ]);
  const family = { name, help, type: 'histogram', aggregator: 'sum', values } as const;
  // The registry asks a metric only for its name and `get()` (what prom-client's Histogram
  // returns); the cast is to the union of prom-client's classes that its signature names.
  return { name, get: async () => family } as unknown as Metric;
}

/** What plugins recorded with `ctx.metrics`: one family per name, of the kind seen first. */
function recordedSeries(
  plugins: readonly PluginStatus[],
  Counter: typeof import('prom-client').Counter,
  Gauge: typeof import('prom-client').Gauge,
  registers: import('prom-client').Registry[],
): void {
  const rename = (label: string) => (label === 'plugin' ? 'exported_plugin' : label);
  const families = new Map<
    string,
    { kind: string; rows: [string, Record<string, string>, number][] }
  >();
  for (const { name: plugin, metrics } of plugins) {
    for (const sample of metrics.recorded) {
      const family = families.get(sample.name) ?? { kind: sample.kind, rows: [] };
      families.set(sample.name, family);
      const labels = Object.fromEntries(
        Object.entries(sample.labels).map(([label, value]) => [rename(label), value]),
      );
      if (family.kind === sample.kind) family.rows.push([plugin, labels, sample.value]);
    }
  }
  for (const [name, { kind, rows }] of families) {
    const labelNames = ['plugin', ...new Set(rows.flatMap(([, labels]) => Object.keys(labels)))];
    const options = {
      name: `${PREFIX}recorded_${name}`,
      help: `Recorded by plugins through ctx.metrics (${kind}).`,
      labelNames,
      registers,
    };
    const metric = kind === 'counter' ? new Counter(options) : new Gauge(options);
    for (const [plugin, labels, value] of rows) {
      if (metric instanceof Counter) metric.inc({ ...labels, plugin }, value);
      else metric.set({ ...labels, plugin }, value);
    }
  }
}
