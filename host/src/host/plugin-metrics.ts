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
  /** Median call latency (ms) over the recent calls, undefined before the first. */
  readonly p50Ms: number | undefined;
  /** 99th percentile call latency (ms) over the recent calls. */
  readonly p99Ms: number | undefined;
}

/** Latencies kept for percentiles; a ring, so memory stays flat under load. */
const WINDOW = 1024;

/** Collects {@link PluginMetrics} for one plugin. */
export class MetricsRecorder {
  loadMs: number | undefined;
  activateMs: number | undefined;
  #calls = 0;
  #errors = 0;
  readonly #latencies = new Float64Array(WINDOW);
  #filled = 0;
  #next = 0;

  /** Records one call. */
  call(latencyMs: number, failed: boolean): void {
    this.#calls += 1;
    if (failed) this.#errors += 1;
    this.#latencies[this.#next] = latencyMs;
    this.#next = (this.#next + 1) % WINDOW;
    if (this.#filled < WINDOW) this.#filled += 1;
  }

  /** A snapshot. */
  snapshot(): PluginMetrics {
    const sorted = this.#latencies.slice(0, this.#filled).sort();
    const at = (q: number): number | undefined =>
      sorted.length === 0
        ? undefined
        : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return {
      loadMs: this.loadMs,
      activateMs: this.activateMs,
      calls: this.#calls,
      errors: this.#errors,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  }
}
