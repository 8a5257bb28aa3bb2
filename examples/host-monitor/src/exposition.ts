import type { HostPluginEvent, MetricSample, PluginMetricsReport } from '@stack-plugin/pdk';
import { Counter, Gauge, Registry } from 'prom-client';

/** What the exposition is made with, from the plugin's config. */
export interface ExpositionOptions {
  /** Put before every metric name (`stack_`). */
  readonly prefix: string;
  /** Whether to serve what plugins recorded through `ctx.metrics`. */
  readonly recorded: boolean;
}

/** The host's plugin events heard since the monitor started, by plugin and event. */
export class EventCounts {
  readonly #counts = new Map<string, { plugin: string; event: string; count: number }>();

  /** Counts one `host.plugin.*` event. */
  add(event: Pick<HostPluginEvent, 'plugin' | 'event'>): void {
    const key = JSON.stringify([event.plugin, event.event]);
    const entry = this.#counts.get(key);
    if (entry === undefined)
      this.#counts.set(key, { plugin: event.plugin, event: event.event, count: 1 });
    else entry.count += 1;
  }

  /** Every plugin and event with its count. */
  entries(): ReadonlyArray<{ plugin: string; event: string; count: number }> {
    return [...this.#counts.values()];
  }
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/**
 * The Prometheus text exposition of the host's plugins: one prom-client registry built per
 * scrape from `ctx.metrics.read()` (cumulative figures the host keeps, so nothing is lost
 * between scrapes) and the event counts, rendered by prom-client.
 */
export async function exposition(
  reports: readonly PluginMetricsReport[],
  events: EventCounts,
  options: ExpositionOptions,
): Promise<{ contentType: string; text: string }> {
  const registry = new Registry();
  const p = options.prefix;
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: readonly string[]) =>
    new Gauge({ name: `${p}${name}`, help, labelNames, registers });
  const counter = (name: string, help: string, labelNames: readonly string[]) =>
    new Counter({ name: `${p}${name}`, help, labelNames, registers });

  const info = gauge(
    'plugin_info',
    'A plugin of the host, with its version, isolation and state.',
    ['plugin', 'version', 'isolation', 'state'],
  );
  const active = gauge('plugin_active', 'Whether the plugin is active (1) or not (0).', ['plugin']);
  const calls = counter('plugin_calls_total', 'Handler calls made to the plugin.', ['plugin']);
  const errors = counter('plugin_call_errors_total', 'Calls that failed or timed out.', ['plugin']);
  const latency = gauge(
    'plugin_call_latency_seconds',
    'Call latency over the recent calls, at the median and the 99th percentile.',
    ['plugin', 'quantile'],
  );
  const load = gauge('plugin_load_seconds', "Time the plugin's code took to load, last load.", [
    'plugin',
  ]);
  const activate = gauge(
    'plugin_activate_seconds',
    "Time the plugin's activate took, last activation.",
    ['plugin'],
  );
  for (const r of reports) {
    const plugin = { plugin: r.plugin };
    info.set({ ...plugin, version: r.version, isolation: r.isolation, state: r.state }, 1);
    active.set(plugin, r.state === 'active' ? 1 : 0);
    calls.inc(plugin, r.calls);
    errors.inc(plugin, r.errors);
    const figures = [
      [latency, { ...plugin, quantile: '0.5' }, r.p50Ms],
      [latency, { ...plugin, quantile: '0.99' }, r.p99Ms],
      [load, plugin, r.loadMs],
      [activate, plugin, r.activateMs],
    ] as const;
    for (const [metric, labels, ms] of figures) {
      const value = seconds(ms);
      if (value !== undefined) metric.set(labels, value);
    }
  }

  const heard = counter(
    'host_plugin_events_total',
    'Plugin lifecycle events (host.plugin.*) heard since the monitor started.',
    ['plugin', 'event'],
  );
  for (const { plugin, event, count } of events.entries()) heard.inc({ plugin, event }, count);

  if (options.recorded) recordedFamilies(reports, p, registers);
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/**
 * What plugins recorded, one family per name (`<prefix>recorded_<name>`) with a `plugin` label
 * beside theirs (a label of their own named `plugin` becomes `exported_plugin`, as Prometheus
 * renames clashing labels). A name recorded as a counter by one plugin and a gauge by another
 * takes the kind seen first; the series of the other kind are left out.
 */
function recordedFamilies(
  reports: readonly PluginMetricsReport[],
  prefix: string,
  registers: Registry[],
): void {
  const families = new Map<
    string,
    { kind: MetricSample['kind']; samples: Array<[string, MetricSample]> }
  >();
  for (const r of reports) {
    for (const sample of r.recorded) {
      const family = families.get(sample.name) ?? { kind: sample.kind, samples: [] };
      families.set(sample.name, family);
      if (family.kind === sample.kind) family.samples.push([r.plugin, sample]);
    }
  }
  const rename = (label: string) => (label === 'plugin' ? 'exported_plugin' : label);
  for (const [name, { kind, samples }] of families) {
    const labelNames = [
      'plugin',
      ...new Set(samples.flatMap(([, s]) => Object.keys(s.labels).map(rename))),
    ];
    const config = {
      name: `${prefix}recorded_${name}`,
      help: `Recorded by plugins through ctx.metrics (${kind}).`,
      labelNames,
      registers,
    };
    const metric = kind === 'counter' ? new Counter(config) : new Gauge(config);
    for (const [plugin, sample] of samples) {
      const labels = Object.fromEntries(
        Object.entries(sample.labels).map(([label, value]) => [rename(label), value]),
      );
      if (metric instanceof Counter) metric.inc({ ...labels, plugin }, sample.value);
      else metric.set({ ...labels, plugin }, sample.value);
    }
  }
}
