/** Summary statistics of a list of durations, in milliseconds. */
export interface LatencyStats {
  readonly samples: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/** Nearest-rank percentiles (what the host's own metrics use), rounded to 0.1 µs. */
export function latencyStats(durations: readonly number[]): LatencyStats {
  if (durations.length === 0) return { samples: 0, mean: 0, p50: 0, p99: 0, min: 0, max: 0 };
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return {
    samples: sorted.length,
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    min: round(sorted[0] as number),
    max: round(sorted[sorted.length - 1] as number),
  };
}
