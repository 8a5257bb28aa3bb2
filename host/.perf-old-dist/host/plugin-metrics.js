/** Latencies kept for percentiles; a ring, so memory stays flat under load. */
const WINDOW = 1024;
/** Collects {@link PluginMetrics} for one plugin. */
export class MetricsRecorder {
    loadMs;
    activateMs;
    #calls = 0;
    #errors = 0;
    #latencies = new Float64Array(WINDOW);
    #filled = 0;
    #next = 0;
    /** Records one call. */
    call(latencyMs, failed) {
        this.#calls += 1;
        if (failed)
            this.#errors += 1;
        this.#latencies[this.#next] = latencyMs;
        this.#next = (this.#next + 1) % WINDOW;
        if (this.#filled < WINDOW)
            this.#filled += 1;
    }
    /** A snapshot. */
    snapshot() {
        const sorted = this.#latencies.slice(0, this.#filled).sort();
        const at = (q) => sorted.length === 0
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
//# sourceMappingURL=plugin-metrics.js.map