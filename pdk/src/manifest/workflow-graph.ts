/**
 * The shape of a workflow as authors and tools see it, without running it: which steps run in
 * which stage, and how retries back off. The host runs workflows by the same rules; the CLI's
 * `run --workflow --dry-run` and the docs' workflow diagrams draw from here.
 */

/** The fields of a workflow step that decide its place and its retries. */
export interface WorkflowStepShape {
  readonly id: string;
  readonly uses: string;
  readonly needs?: readonly string[];
  readonly optional?: boolean;
  readonly retries?: number;
  readonly timeoutMs?: number;
}

/** How the host waits between attempts of a step: `initialMs * factor^(attempt-1)`, at most `maxMs`. */
export interface WorkflowBackoffShape {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

/** The backoff a host uses when none is configured: 100 ms, doubling, at most 10 s. */
export const DEFAULT_WORKFLOW_BACKOFF: WorkflowBackoffShape = {
  initialMs: 100,
  factor: 2,
  maxMs: 10_000,
};

/** The wait before attempt `attempt + 1` (attempt 1 is the first retry). */
export function backoffDelayMs(
  attempt: number,
  backoff: Partial<WorkflowBackoffShape> = {},
): number {
  const { initialMs, factor, maxMs } = { ...DEFAULT_WORKFLOW_BACKOFF, ...backoff };
  return Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
}

/**
 * The steps grouped in stages: stage 0 needs nothing, each later stage needs only steps of
 * earlier ones, so the steps of one stage may run side by side. Throws a plain `Error` naming
 * the steps left over when `needs` name a missing step or form a cycle (the validator reports
 * those with codes; this is for drawing well-formed workflows).
 */
export function workflowStages<S extends WorkflowStepShape>(steps: readonly S[]): S[][] {
  const stages: S[][] = [];
  const placed = new Set<string>();
  let left = [...steps];
  while (left.length > 0) {
    const ready = left.filter((s) => (s.needs ?? []).every((n) => placed.has(n)));
    if (ready.length === 0) {
      throw new Error(
        `steps ${left.map((s) => `"${s.id}"`).join(', ')} need steps that are missing or form a cycle`,
      );
    }
    for (const s of ready) placed.add(s.id);
    stages.push(ready);
    left = left.filter((s) => !placed.has(s.id));
  }
  return stages;
}

/** One line describing a step's retry behaviour: `retries 2 (waits 100 ms, 200 ms)`. */
export function describeRetries(
  retries: number | undefined,
  backoff: Partial<WorkflowBackoffShape> = {},
): string {
  if (retries === undefined || retries === 0) return 'no retries';
  const waits = Array.from({ length: retries }, (_, i) => formatMs(backoffDelayMs(i + 1, backoff)));
  return `retries ${retries} (waits ${waits.join(', ')})`;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
