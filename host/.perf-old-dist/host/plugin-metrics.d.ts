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
/** Collects {@link PluginMetrics} for one plugin. */
export declare class MetricsRecorder {
    #private;
    loadMs: number | undefined;
    activateMs: number | undefined;
    /** Records one call. */
    call(latencyMs: number, failed: boolean): void;
    /** A snapshot. */
    snapshot(): PluginMetrics;
}
//# sourceMappingURL=plugin-metrics.d.ts.map