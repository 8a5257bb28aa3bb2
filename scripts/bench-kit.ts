/**
 * The benchmark kit of Stack PDK: `defineBench` for bench files and the runner used by
 * `scripts/bench.ts`. Runs under plain Node 24 (type stripping), so only erasable syntax.
 */
import { Bench } from 'tinybench';

/** A function measured by a bench. */
export type BenchFn = () => unknown;

/** Figures a goal check receives for one case. */
export interface GoalInput {
  /** Median of the case, ms. */
  readonly medianMs: number;
  /** Median of the baseline measured in the same run, ms. */
  readonly baselineMedianMs: number;
  /** `medianMs / baselineMedianMs`. */
  readonly ratio: number;
  /** `medianMs - baselineMedianMs`. */
  readonly diffMs: number;
  /** Median per item, ms, when the case declares `items`. */
  readonly perItemMs: number | undefined;
}

/** One measured case of a bench. */
export interface BenchCase {
  readonly name: string;
  readonly fn: BenchFn;
  /** The goal in words, shown in the table (e.g. "< 100 ms above node -e 0"). */
  readonly goal?: string;
  /** Checks the goal on the measured figures; the table shows ok/MISSED when given. */
  readonly goalMet?: (figures: GoalInput) => boolean;
  /** How many items one call processes, to report the median per item. */
  readonly items?: number;
}

/** A bench file's default export. */
export interface BenchDefinition {
  /** Unique name; also the file name of its JSON result (`bench-results/<name>.json`). */
  readonly name: string;
  /** What the cases are compared with, measured in the same run. */
  readonly baseline: { readonly name: string; readonly fn: BenchFn; readonly items?: number };
  readonly cases: readonly BenchCase[];
  /** Runs once before anything is measured. */
  readonly setup?: () => Promise<void>;
  /** Runs once after everything, even when a case failed. */
  readonly teardown?: () => Promise<void>;
  /** Minimum measured iterations per case (default 64). Lower it for slow cases. */
  readonly iterations?: number;
  /** Minimum measuring time per case in ms (default 500). */
  readonly time?: number;
  /**
   * Measure round-robin (baseline, case 1, case 2, baseline, ...) with `iterations` rounds
   * instead of one task after the other. Use it for slow, noisy work such as spawning
   * processes, so that load changes on the machine hit every case alike.
   */
  readonly interleave?: boolean;
  /** Warm-up iterations per case (default 8). */
  readonly warmupIterations?: number;
}

/**
 * Declare a bench. Returns its argument; the default export of a `bench/*.bench.ts` file.
 *
 * @example
 * ```ts
 * export default defineBench({
 *   name: 'json',
 *   baseline: { name: 'JSON.parse', fn: () => JSON.parse(text) },
 *   cases: [{ name: 'parseManifest', fn: () => parseManifest(text), goal: '< 2x baseline' }],
 * });
 * ```
 */
export function defineBench(definition: BenchDefinition): BenchDefinition {
  return definition;
}

/** Figures of one case (the baseline included) in a run. */
export interface CaseResult {
  readonly name: string;
  readonly isBaseline: boolean;
  readonly samples: number;
  readonly medianMs: number;
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median divided by the baseline's median. */
  readonly ratio: number;
  /** Median minus the baseline's median, ms. */
  readonly diffMs: number;
  readonly items?: number;
  readonly perItemMs?: number;
  readonly goal?: string;
  /** Whether `goalMet` held; absent when the case has no check. */
  readonly goalMet?: boolean;
  /** Set when the case threw; the figures are then NaN. */
  readonly error?: string;
}

/** The result of one bench, as written to `bench-results/<name>.json`. */
export interface BenchResult {
  readonly name: string;
  readonly file: string;
  readonly baseline: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly date: string;
  /**
   * The machine's 1-minute load average when the run started and when it ended: figures of
   * runs at different loads are not comparable (benches here share the machine).
   */
  readonly loadAverage?: readonly [number, number];
  readonly cases: readonly CaseResult[];
}

interface Stats {
  samples: number;
  medianMs: number;
  meanMs: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
  error?: string;
}

const failedStats = (error: string): Stats => ({
  samples: 0,
  medianMs: Number.NaN,
  meanMs: Number.NaN,
  p99Ms: Number.NaN,
  minMs: Number.NaN,
  maxMs: Number.NaN,
  error,
});

/** Quantile of sorted samples, linearly interpolated. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

async function measureWithTinybench(
  tasks: ReadonlyArray<{ name: string; fn: BenchFn }>,
  definition: BenchDefinition,
): Promise<Stats[]> {
  const bench = new Bench({
    name: definition.name,
    iterations: definition.iterations ?? 64,
    time: definition.time ?? 500,
    warmupIterations: definition.warmupIterations ?? 8,
    warmupTime: 0,
  });
  // tinybench keys tasks by name; the index keeps a case named like the baseline distinct.
  for (const [index, task] of tasks.entries()) bench.add(`${index}:${task.name}`, task.fn);
  await bench.run();
  return bench.tasks.map((task) => {
    const r = task.result;
    if (r.state === 'completed' || r.state === 'aborted-with-statistics') {
      const l = r.latency;
      return {
        samples: l.samplesCount,
        medianMs: l.p50,
        meanMs: l.mean,
        p99Ms: l.p99,
        minMs: l.min,
        maxMs: l.max,
      };
    }
    return failedStats(r.state === 'errored' ? String(r.error?.stack ?? r.error) : r.state);
  });
}

async function measureInterleaved(
  tasks: ReadonlyArray<{ name: string; fn: BenchFn }>,
  rounds: number,
  warmup: number,
): Promise<Stats[]> {
  const samples: number[][] = tasks.map(() => []);
  const errors: Array<string | undefined> = tasks.map(() => undefined);
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [index, task] of tasks.entries()) {
      if (errors[index] !== undefined) continue;
      const start = performance.now();
      try {
        await task.fn();
      } catch (error) {
        errors[index] = String((error as Error)?.stack ?? error);
        continue;
      }
      if (round >= warmup) samples[index]!.push(performance.now() - start);
    }
  }
  return samples.map((list, index) => {
    const error = errors[index];
    if (error !== undefined) return failedStats(error);
    const sorted = [...list].sort((a, b) => a - b);
    return {
      samples: sorted.length,
      medianMs: quantile(sorted, 0.5),
      meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      p99Ms: quantile(sorted, 0.99),
      minMs: sorted[0]!,
      maxMs: sorted[sorted.length - 1]!,
    };
  });
}

/** Run one bench: the baseline and every case, in this process. */
export async function runBench(definition: BenchDefinition, file: string): Promise<BenchResult> {
  const os = await import('node:os');
  const tasks = [
    { name: definition.baseline.name, fn: definition.baseline.fn },
    ...definition.cases,
  ];
  const loadBefore = os.loadavg()[0]!;
  await definition.setup?.();
  let stats: Stats[];
  try {
    stats = definition.interleave
      ? await measureInterleaved(
          tasks,
          definition.iterations ?? 20,
          definition.warmupIterations ?? 2,
        )
      : await measureWithTinybench(tasks, definition);
  } finally {
    await definition.teardown?.();
  }
  const base = stats[0]!;
  const cases: CaseResult[] = stats.map((s, index) => {
    const caseSpec = index === 0 ? undefined : definition.cases[index - 1];
    const items = (caseSpec ?? definition.baseline).items;
    const { error, ...numbers } = s;
    const figures = {
      ...numbers,
      ratio: s.medianMs / base.medianMs,
      diffMs: s.medianMs - base.medianMs,
      ...(items === undefined ? {} : { items, perItemMs: s.medianMs / items }),
    };
    const goalMet =
      caseSpec?.goalMet === undefined || error !== undefined
        ? undefined
        : caseSpec.goalMet({
            medianMs: s.medianMs,
            baselineMedianMs: base.medianMs,
            ratio: figures.ratio,
            diffMs: figures.diffMs,
            perItemMs: figures.perItemMs,
          });
    return {
      name: (caseSpec ?? definition.baseline).name,
      isBaseline: index === 0,
      ...figures,
      ...(error === undefined ? {} : { error }),
      ...(caseSpec?.goal === undefined ? {} : { goal: caseSpec.goal }),
      ...(goalMet === undefined ? {} : { goalMet }),
    };
  });
  return {
    name: definition.name,
    file,
    baseline: definition.baseline.name,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    date: new Date().toISOString(),
    loadAverage: [loadBefore, os.loadavg()[0]!],
    cases,
  };
}

/** Milliseconds in a readable unit (ns, us, ms or s). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const abs = Math.abs(ms);
  if (abs < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (abs < 1) return `${(ms * 1e3).toFixed(abs < 0.01 ? 2 : 1)} us`;
  if (abs < 1000) return `${ms.toFixed(abs < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The table printed for one bench result. */
export function formatBenchTable(result: BenchResult): string {
  const header = ['case', 'median', 'p99', 'vs baseline', 'diff', 'per item', 'samples', 'goal'];
  const rows = result.cases.map((c) => [
    c.isBaseline ? `${c.name} (baseline)` : c.name,
    c.error ? 'ERROR' : formatDuration(c.medianMs),
    formatDuration(c.p99Ms),
    c.isBaseline ? '1.00x' : Number.isFinite(c.ratio) ? `${c.ratio.toFixed(2)}x` : '-',
    c.isBaseline ? '' : `${c.diffMs >= 0 ? '+' : ''}${formatDuration(c.diffMs)}`,
    c.perItemMs === undefined ? '' : formatDuration(c.perItemMs),
    String(c.samples),
    c.goal === undefined
      ? ''
      : `${c.goal}${c.goalMet === undefined ? '' : c.goalMet ? '  ok' : '  MISSED'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const out = [
    `${result.name}  (${result.file}, node ${result.node}, ${result.cpus} cpus${
      result.loadAverage === undefined
        ? ''
        : `, load ${result.loadAverage.map((l) => l.toFixed(1)).join(' -> ')}`
    })`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
  ];
  for (const row of rows) out.push(line(row));
  for (const c of result.cases) {
    if (c.error) out.push(`  ${c.name} failed: ${c.error.split('\n').slice(0, 4).join('\n  ')}`);
  }
  return `${out.join('\n')}\n`;
}
