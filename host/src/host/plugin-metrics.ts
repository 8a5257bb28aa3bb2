import type { MetricSample, PluginMetricsReport } from '@stack-plugin/pdk';

/** Per-plugin measurements, as `PluginStatus.metrics` reports them. */
export interface PluginMetrics {
  /** Time to load the plugin's code (ms), last load. */
  readonly loadMs: number | undefined;
  /** Time its `activate` took (ms), last activation. */
  readonly activateMs: number | undefined;
  /** Handler calls made (commands, steps, micro-plugins, events delivered). */
  readonly calls: number;
  /** Calls that failed or timed out. */
  readonly errors: number;
  /** Calls (counted in `errors` too) that ran past the plugin's deadline (`PLUGIN_TIMEOUT`). */
  readonly timeouts: number;
  /**
   * Calls refused before they reached the plugin: the input was not plain data or did not
   * match the contribution's schema. Not counted in `calls`, `errors` or the latencies, since
   * no handler ran; each one's code reaches `host.on('metrics')`.
   */
  readonly rejected: number;
  /** Times its sandbox was restarted by its supervisor after a crash. */
  readonly restarts: number;
  /**
   * Bytes of the inputs the host passed to its contributions (commands, steps, micro-plugins),
   * as the broker's payload check measures them (strings count 2 bytes a character).
   */
  readonly bytesIn: number;
  /** Bytes of the outputs its contributions returned, measured the same way. */
  readonly bytesOut: number;
  /** Median call latency (ms) over the recent calls, undefined before the first. */
  readonly p50Ms: number | undefined;
  /** 95th percentile call latency (ms) over the recent calls. */
  readonly p95Ms: number | undefined;
  /** 99th percentile call latency (ms) over the recent calls. */
  readonly p99Ms: number | undefined;
  /** Every call's latency since the host started, as a cumulative histogram. */
  readonly latency: LatencyHistogram;
  /** The counters and gauges the plugin recorded through `ctx.metrics`, one entry per series. */
  readonly recorded: readonly MetricSample[];
}

/** Call latencies as a cumulative histogram (Prometheus' `_bucket`, `_sum`, `_count`). */
export interface LatencyHistogram {
  /** Upper bounds (ms, inclusive) of the buckets, ascending; `+Inf` is implied. */
  readonly boundsMs: readonly number[];
  /** Calls at or under each bound: `counts[i]` for `boundsMs[i]`, cumulative. */
  readonly counts: readonly number[];
  /** Sum of every latency (ms). */
  readonly sumMs: number;
  /** Calls measured (the `+Inf` bucket). */
  readonly count: number;
}

/** How one call ended, for {@link MetricsRecorder.call}. */
export type CallOutcome = 'ok' | 'error' | 'timeout';

/** Bucket bounds of {@link LatencyHistogram} (ms): from in-process calls to the longest deadlines. */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([
  0.1, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
]);

/** Latencies kept for percentiles; a ring, so memory stays flat under load. */
const WINDOW = 1024;
/** Prometheus' metric and label name grammar, without the colons kept for recording rules. */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const NAME_LENGTH = 128;
const LABELS = 8;
const LABEL_VALUE_LENGTH = 128;

/** Why a sample cannot be recorded, or undefined when it can. */
function sampleProblem(
  kind: MetricSample['kind'],
  name: unknown,
  value: unknown,
  labels: unknown,
): string | undefined {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > NAME_LENGTH) {
    return `the name must match ${NAME.source}, at most ${NAME_LENGTH} characters`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return 'the value must be a finite number';
  if (kind === 'counter' && value < 0)
    return 'a counter only grows: the amount must not be negative';
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return 'the labels must be an object of strings';
  }
  const entries = Object.entries(labels);
  if (entries.length > LABELS) return `a series has at most ${LABELS} labels`;
  for (const [label, text] of entries) {
    if (!NAME.test(label) || label.startsWith('__') || label.length > NAME_LENGTH) {
      return `the label name "${label.slice(0, NAME_LENGTH)}" must match ${NAME.source} and not start with __`;
    }
    if (typeof text !== 'string' || text.length > LABEL_VALUE_LENGTH) {
      return `the label "${label}" must be a string of at most ${LABEL_VALUE_LENGTH} characters`;
    }
  }
  return undefined;
}

/** Collects {@link PluginMetrics} for one plugin. */
export class MetricsRecorder {
  loadMs: number | undefined;
  activateMs: number | undefined;
  #calls = 0;
  #errors = 0;
  #timeouts = 0;
  #rejected = 0;
  #restarts = 0;
  #bytesIn = 0;
  #bytesOut = 0;
  #sumMs = 0;
  /** Calls per bucket of {@link LATENCY_BOUNDS_MS} (not cumulative; the last slot is +Inf). */
  readonly #buckets = new Float64Array(LATENCY_BOUNDS_MS.length + 1);
  // Made on the first call: most plugins of a large host are never called, and 8 KB each made
  // at load was a tenth of a 1,000-plugin start (host-load bench).
  #latencies: Float64Array | undefined;
  #filled = 0;
  #next = 0;
  /** What the plugin recorded, by name and sorted labels; bounded by the caller's limit. */
  readonly #series = new Map<string, { -readonly [K in keyof MetricSample]: MetricSample[K] }>();
  readonly #kinds = new Map<string, MetricSample['kind']>();

  /** Records one call, with the payload bytes that crossed into and out of the plugin. */
  call(latencyMs: number, outcome: CallOutcome, bytesIn = 0, bytesOut = 0): void {
    this.#calls += 1;
    if (outcome !== 'ok') this.#errors += 1;
    if (outcome === 'timeout') this.#timeouts += 1;
    this.#bytesIn += bytesIn;
    this.#bytesOut += bytesOut;
    this.#sumMs += latencyMs;
    let bucket = 0;
    while (bucket < LATENCY_BOUNDS_MS.length && latencyMs > (LATENCY_BOUNDS_MS[bucket] as number))
      bucket += 1;
    this.#buckets[bucket] = (this.#buckets[bucket] as number) + 1;
    this.#latencies ??= new Float64Array(WINDOW);
    this.#latencies[this.#next] = latencyMs;
    this.#next = (this.#next + 1) % WINDOW;
    if (this.#filled < WINDOW) this.#filled += 1;
  }

  /** Records a call refused before it reached the plugin (its input failed the checks). */
  rejectedCall(): void {
    this.#rejected += 1;
  }

  /** Records a restart of the plugin's sandbox after a crash. */
  restarted(): void {
    this.#restarts += 1;
  }

  /**
   * Adds `value` to a counter or sets a gauge the plugin records. Returns why the sample is
   * refused (a string), `false` when it would be series number `maxSeries + 1`, else true.
   */
  record(
    kind: MetricSample['kind'],
    name: unknown,
    value: unknown,
    labels: unknown,
    maxSeries: number,
  ): string | boolean {
    const problem = sampleProblem(kind, name, value, labels);
    if (problem !== undefined) return problem;
    const metric = name as string;
    const known = this.#kinds.get(metric);
    if (known !== undefined && known !== kind) return `"${metric}" is a ${known}, not a ${kind}`;
    const sorted = Object.entries(labels as Record<string, string>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    const key = JSON.stringify([metric, sorted]);
    const series = this.#series.get(key);
    if (series !== undefined) {
      series.value = kind === 'counter' ? series.value + (value as number) : (value as number);
      return true;
    }
    if (this.#series.size >= maxSeries) return false;
    this.#kinds.set(metric, kind);
    this.#series.set(key, {
      name: metric,
      kind,
      labels: Object.freeze(Object.fromEntries(sorted)),
      value: value as number,
    });
    return true;
  }

  /** A snapshot. */
  snapshot(): PluginMetrics {
    const sorted = (this.#latencies ?? new Float64Array(0)).slice(0, this.#filled).sort();
    const at = (q: number): number | undefined =>
      sorted.length === 0
        ? undefined
        : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    let below = 0;
    const counts = LATENCY_BOUNDS_MS.map((_, i) => {
      below += this.#buckets[i] as number;
      return below;
    });
    return {
      loadMs: this.loadMs,
      activateMs: this.activateMs,
      calls: this.#calls,
      errors: this.#errors,
      timeouts: this.#timeouts,
      rejected: this.#rejected,
      restarts: this.#restarts,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      latency: { boundsMs: LATENCY_BOUNDS_MS, counts, sumMs: this.#sumMs, count: this.#calls },
      recorded: [...this.#series.values()].map((s) => ({ ...s })),
    };
  }
}

/** One plugin's status (`PluginStatus`) as `ctx.metrics.read()` reports it: plain data, absent figures left out. */
export function metricsReport(status: {
  readonly name: string;
  readonly version: string;
  readonly state: string;
  readonly isolation: string;
  readonly metrics: PluginMetrics;
}): PluginMetricsReport {
  const { metrics } = status;
  const figures = (['p50Ms', 'p99Ms', 'loadMs', 'activateMs'] as const).filter(
    (key) => metrics[key] !== undefined,
  );
  return {
    plugin: status.name,
    version: status.version,
    state: status.state,
    isolation: status.isolation,
    calls: metrics.calls,
    errors: metrics.errors,
    ...Object.fromEntries(figures.map((key) => [key, metrics[key]])),
    recorded: metrics.recorded,
  };
}
