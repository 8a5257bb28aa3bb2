// Named, timed phases of a long flow: each phase runs only if the ones it depends on passed
// (the earlier phases of the main chain and of its own side chain), and the summary says exactly which passed, failed or were blocked, with their durations,
// their sum and the wall-clock time (phases may run side by side).

/** One phase's outcome. */
export interface PhaseRecord {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'blocked';
  /** Milliseconds since the first phase started, when this one started. */
  readonly startMs: number;
  readonly ms: number;
  readonly error?: string;
}

/** Options of {@link Phases.run}. */
export interface PhaseOptions {
  /**
   * A side chain the phase belongs to, e.g. one template's checks among five. A failure in a
   * side chain blocks only the later phases of that chain; a failure in the main chain (no
   * `chain`) blocks everything after it.
   */
  readonly chain?: string;
}

/** Runs phases and records them. */
export class Phases {
  readonly records: PhaseRecord[] = [];
  /** The failed phase blocking each chain ('' is the main chain). */
  private readonly blockedBy = new Map<string, string>();
  private origin: number | undefined;

  /** Run `fn` as phase `name` (unless a blocking phase failed earlier); rethrows its failure. */
  async run<T>(name: string, fn: () => Promise<T>, options: PhaseOptions = {}): Promise<T> {
    const started = performance.now();
    this.origin ??= started;
    const startMs = Math.round(started - this.origin);
    const chain = options.chain ?? '';
    const blocker = this.blockedBy.get('') ?? this.blockedBy.get(chain);
    if (blocker !== undefined) {
      this.records.push({
        name,
        status: 'blocked',
        startMs,
        ms: 0,
        error: `blocked by "${blocker}"`,
      });
      throw new Error(`"${name}" did not run: "${blocker}" failed earlier`);
    }
    try {
      const value = await fn();
      this.records.push({
        name,
        status: 'passed',
        startMs,
        ms: Math.round(performance.now() - started),
      });
      return value;
    } catch (error) {
      if (!this.blockedBy.has(chain)) this.blockedBy.set(chain, name);
      const message = error instanceof Error ? error.message : String(error);
      this.records.push({
        name,
        status: 'failed',
        startMs,
        ms: Math.round(performance.now() - started),
        error: message.split('\n')[0],
      });
      throw error;
    }
  }

  /**
   * A fixed-width table of every phase in start order (`+` marks the start offset), the sum of
   * their durations and the wall-clock time from the first start to the last end.
   */
  summary(title: string): string {
    const records = [...this.records].sort((a, b) => a.startMs - b.startMs);
    const width = Math.max(...records.map((r) => r.name.length), 5);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
    const sum = records.reduce((total, r) => total + r.ms, 0);
    const wall = records.reduce((end, r) => Math.max(end, r.startMs + r.ms), 0);
    const lines = records.map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${seconds(r.ms)}  +${seconds(r.startMs).trimStart()}${r.error === undefined ? '' : `  ${r.error}`}`,
    );
    return [
      title,
      `${'phase'.padEnd(width)}  ${'status'.padEnd(7)}  ${'time'.padStart(8)}  start`,
      ...lines,
      `${'sum of phases'.padEnd(width)}           ${seconds(sum)}`,
      `${'wall clock'.padEnd(width)}           ${seconds(wall)}`,
    ].join('\n');
  }
}
