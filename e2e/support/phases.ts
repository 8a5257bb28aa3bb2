// Named, timed phases of a long flow: each phase runs only if the ones before it passed, and
// the summary says exactly which passed, failed or were blocked, with their durations.

/** One phase's outcome. */
export interface PhaseRecord {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'blocked';
  readonly ms: number;
  readonly error?: string;
}

/** Runs phases in order and records them. */
export class Phases {
  readonly records: PhaseRecord[] = [];
  private blockedBy: string | undefined;

  /** Run `fn` as phase `name` (unless an earlier phase failed); rethrows its failure. */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.blockedBy !== undefined) {
      this.records.push({
        name,
        status: 'blocked',
        ms: 0,
        error: `blocked by "${this.blockedBy}"`,
      });
      throw new Error(`"${name}" did not run: "${this.blockedBy}" failed earlier`);
    }
    const started = performance.now();
    try {
      const value = await fn();
      this.records.push({ name, status: 'passed', ms: Math.round(performance.now() - started) });
      return value;
    } catch (error) {
      this.blockedBy = name;
      const message = error instanceof Error ? error.message : String(error);
      this.records.push({
        name,
        status: 'failed',
        ms: Math.round(performance.now() - started),
        error: message.split('\n')[0],
      });
      throw error;
    }
  }

  /** A fixed-width table of every phase and the total. */
  summary(title: string): string {
    const width = Math.max(...this.records.map((r) => r.name.length), 5);
    const total = this.records.reduce((sum, r) => sum + r.ms, 0);
    const lines = this.records.map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s${r.error === undefined ? '' : `  ${r.error}`}`,
    );
    return [
      `${title}`,
      ...lines,
      `${'total'.padEnd(width)}           ${(total / 1000).toFixed(1).padStart(6)} s`,
    ].join('\n');
  }
}
