import {
  backoffDelayMs,
  createError,
  isStackPluginError,
  type StackPluginError,
  toClause,
} from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import type { Clock } from '../services/host-services.js';
import {
  type ContributionRef,
  type EngineInvoke,
  parseContributionRef,
} from './contribution-ref.js';
import {
  resolveTemplate as defaultResolveTemplate,
  type TemplateResolver,
  type TemplateScope,
} from './resolve-template.js';
import {
  assertWorkflowDefinition,
  type WorkflowDefinition,
  type WorkflowStepDefinition,
} from './workflow-definition.js';
import type {
  WorkflowResult,
  WorkflowStatus,
  WorkflowStepResult,
  WorkflowStepStatus,
} from './workflow-result.js';

/** Exponential backoff between attempts: `initialMs * factor^(attempt-1)`, at most `maxMs`. */
export interface WorkflowBackoff {
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs?: number;
}

/** Called around each step (the host's `step.before` and `step.after` hooks). */
export interface StepHooks {
  /** Before the first attempt; resolves with the step's input (maybe replaced), rejects to veto. */
  before(step: { workflow: string; step: string; uses: string; input: unknown }): Promise<unknown>;
  /** Once the step settled. Never rejects. */
  after(step: {
    workflow: string;
    step: string;
    uses: string;
    status: 'succeeded' | 'failed';
    output?: unknown;
    error?: StackPluginError;
  }): Promise<void>;
}

/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions {
  /** Runs one contribution; the host binds it to its registry. */
  readonly invoke: EngineInvoke;
  /**
   * The plugin that contributed the definition, if any. Passed to `invoke` with every step,
   * so that `"<kind>:<id>"` resolves to that plugin's own contribution (see
   * {@link ContributionRef.own}); bare ids stay commands of any plugin.
   */
  readonly owner?: string;
  /** Timers for timeouts and backoff; tests pass a fake clock. */
  readonly clock: Clock;
  /** Aborts the run: steps in flight see the abort, nothing new starts, the result is `cancelled`. */
  readonly signal?: AbortSignal;
  /** Resolves `with` placeholders; defaults to {@link resolveTemplate}. */
  readonly resolveTemplate?: TemplateResolver;
  /** Extra placeholder roots (e.g. `env`, `config`) besides `input` and `steps`. */
  readonly scope?: TemplateScope;
  /** Default 100 ms, factor 2, at most 10 s. */
  readonly backoff?: WorkflowBackoff;
  /** Per-attempt timeout for steps that declare none. */
  readonly defaultTimeoutMs?: number;
  /** Whether a failed attempt may be retried; defaults to {@link isRetryableError}. */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Called before and after each step (a veto fails the step before any attempt). */
  readonly hooks?: StepHooks;
}

// Failures that come out the same on every attempt: retrying only delays the report.
const DETERMINISTIC = new Set([
  'CHAIN_INVALID',
  'CONTRIBUTION_NOT_DECLARED',
  'CONTRIBUTION_NOT_FOUND',
  'PERMISSION_DENIED',
  // A step whose plugin failed to start or was quarantined: nothing restarts it meanwhile.
  'PLUGIN_ACTIVATION_FAILED',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_QUARANTINED',
  'TEMPLATE_UNRESOLVED',
  'UNKNOWN_COMMAND',
  'VALIDATION_FAILED',
  'WORKFLOW_INVALID',
  'WORKFLOW_USES_FOREIGN',
]);

/**
 * The default retry policy: every failure except those that a retry cannot change
 * (permission denials, schema and template errors, unknown contributions).
 */
export function isRetryableError(error: unknown): boolean {
  return !(isStackPluginError(error) && DETERMINISTIC.has(error.code));
}

interface StepState {
  status: WorkflowStepStatus | 'pending' | 'running';
  attempts: number;
  output?: unknown;
  error?: StackPluginError;
}

/**
 * Runs a workflow: validates it (`WORKFLOW_INVALID`, `DEPENDENCY_CYCLE` reject), then starts
 * every step whose `needs` have settled, concurrently. A step's `uses` is a bare command id
 * (any plugin's command) or `"<kind>:<id>"` (the contribution of {@link RunWorkflowOptions.owner},
 * or of any plugin for a host workflow), parsed by {@link parseContributionRef}. A step's `with` is resolved against
 * `{ input, steps: { <id>: { output, status } }, ...scope }`. A failed step is retried
 * `retries` times with exponential backoff on the injected clock; each attempt has its own
 * timeout (`WORKFLOW_STEP_TIMEOUT`) and abort signal. When a non-optional step fails, the
 * steps that (transitively) need it are skipped, independent ones still run, and the result
 * is `failed`. A failed optional step lets its dependents run; placeholders reading its
 * output resolve to nothing. Aborting `signal` resolves at once with `cancelled`, without
 * waiting for handlers that ignore their signal.
 */
export async function runWorkflow(
  definition: WorkflowDefinition,
  input: unknown,
  options: RunWorkflowOptions,
): Promise<WorkflowResult> {
  const order = assertWorkflowDefinition(definition);
  const steps = new Map(definition.steps.map((s) => [s.id, s]));
  const states = new Map<string, StepState>(
    order.map((id) => [id, { status: 'pending', attempts: 0 }]),
  );
  const resolve = options.resolveTemplate ?? defaultResolveTemplate;
  const retryable = options.isRetryable ?? isRetryableError;
  const { clock } = options;
  const run = new AbortController();
  const timers = new Set<unknown>();
  let firstError: StackPluginError | undefined;
  let finished = false;
  let settle: (result: WorkflowResult) => void = () => {};
  const done = new Promise<WorkflowResult>((r) => {
    settle = r;
  });

  const finish = (status: WorkflowStatus) => {
    if (finished) return;
    finished = true;
    options.signal?.removeEventListener('abort', cancel);
    for (const timer of timers) clock.clearTimeout(timer);
    const result: Record<string, WorkflowStepResult> = {};
    for (const id of order) {
      const s = states.get(id)!;
      result[id] = {
        status: s.status === 'pending' || s.status === 'running' ? 'cancelled' : s.status,
        attempts: s.attempts,
        ...(s.status === 'succeeded' ? { output: s.output } : {}),
        ...(s.error === undefined ? {} : { error: s.error }),
      };
    }
    settle({ status, steps: result, ...(firstError === undefined ? {} : { error: firstError }) });
  };

  function cancel() {
    if (finished) return;
    const running = order.filter((id) => states.get(id)?.status === 'running');
    firstError = createError(hostErrors.WORKFLOW_CANCELLED, {
      workflow: definition.id,
      step: running[0],
    });
    for (const id of running) {
      states.get(id)!.error = createError(hostErrors.WORKFLOW_CANCELLED, {
        workflow: definition.id,
        step: id,
      });
    }
    run.abort(firstError);
    finish('cancelled');
  }

  const settledOk = (id: string) => {
    const s = states.get(id)!;
    return s.status === 'succeeded' || (s.status === 'failed' && steps.get(id)?.optional === true);
  };

  const schedule = () => {
    if (finished) return;
    // One pass in topological order sees a skip before the dependents it causes.
    for (const id of order) {
      const state = states.get(id)!;
      if (state.status !== 'pending') continue;
      const needs = steps.get(id)?.needs ?? [];
      const blocked = needs.some((n) => {
        const st = states.get(n)!.status;
        return st === 'skipped' || st === 'cancelled' || (st === 'failed' && !settledOk(n));
      });
      if (blocked) state.status = 'skipped';
      else if (needs.every(settledOk)) {
        state.status = 'running';
        void runStep(steps.get(id)!, state);
      }
    }
    const active = [...states.values()].some(
      (s) => s.status === 'running' || s.status === 'pending',
    );
    if (!active) finish(firstError === undefined ? 'succeeded' : 'failed');
  };

  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const timer = clock.setTimeout(() => {
        timers.delete(timer);
        r();
      }, ms);
      timers.add(timer);
    });

  const attempt = (step: WorkflowStepDefinition, stepInput: unknown): Promise<unknown> => {
    const controller = new AbortController();
    const onRunAbort = () => controller.abort(run.signal.reason);
    run.signal.addEventListener('abort', onRunAbort, { once: true });
    const timeoutMs = step.timeoutMs ?? options.defaultTimeoutMs;
    let timer: unknown;
    return new Promise<unknown>((resolvePromise, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
        once: true,
      });
      if (timeoutMs !== undefined) {
        timer = clock.setTimeout(() => {
          controller.abort(
            createError(hostErrors.WORKFLOW_STEP_TIMEOUT, {
              workflow: definition.id,
              step: step.id,
              timeoutMs,
            }),
          );
        }, timeoutMs);
      }
      const ref = parseContributionRef(step.uses, 'commands')!;
      Promise.resolve()
        .then(() =>
          options.invoke(ref, stepInput, {
            signal: controller.signal,
            workflow: definition.id,
            step: step.id,
            ...(options.owner === undefined ? {} : { owner: options.owner }),
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
          }),
        )
        .then(resolvePromise, reject);
    }).finally(() => {
      if (timer !== undefined) clock.clearTimeout(timer);
      run.signal.removeEventListener('abort', onRunAbort);
    });
  };

  const runStep = async (step: WorkflowStepDefinition, state: StepState) => {
    const retries = step.retries ?? 0;
    let lastError: unknown;
    let stepInput: unknown = input;
    try {
      if (step.with !== undefined) {
        const scope = scopeFor(step);
        const needsFailed = Object.values(scope.steps as Record<string, { status: string }>).some(
          (s) => s.status === 'failed',
        );
        stepInput = resolve(step.with, scope, { onMissing: needsFailed ? 'undefined' : 'error' });
      }
    } catch (error) {
      lastError = error;
    }
    const hookInfo = { workflow: definition.id, step: step.id, uses: step.uses };
    if (lastError === undefined && options.hooks !== undefined) {
      try {
        stepInput = await options.hooks.before({ ...hookInfo, input: stepInput });
      } catch (error) {
        lastError = error;
      }
      if (finished) return;
    }
    // An input that cannot be built, or a veto, fails the step before any attempt.
    for (let n = 1; lastError === undefined || n > 1; n++) {
      state.attempts = n;
      try {
        state.output = await attempt(step, stepInput);
        if (finished) return;
        state.status = 'succeeded';
        await options.hooks?.after({ ...hookInfo, status: 'succeeded', output: state.output });
        if (finished) return;
        schedule();
        return;
      } catch (error) {
        if (finished) return;
        lastError = error;
        if (n > retries || !retryable(error)) break;
        await sleep(backoffDelay(options.backoff, n));
        if (finished) return;
      }
    }
    state.status = 'failed';
    state.error = createError(
      hostErrors.WORKFLOW_STEP_FAILED,
      {
        workflow: definition.id,
        step: step.id,
        attempts: state.attempts,
        detail: toClause(lastError),
      },
      { cause: lastError, errors: isStackPluginError(lastError) ? [lastError] : [] },
    );
    if (step.optional !== true) firstError ??= state.error;
    await options.hooks?.after({ ...hookInfo, status: 'failed', error: state.error });
    if (finished) return;
    schedule();
  };

  const scopeFor = (step: WorkflowStepDefinition): TemplateScope => {
    const outputs: Record<string, unknown> = {};
    for (const id of step.needs ?? []) collect(id, outputs);
    return { ...options.scope, input, steps: outputs };
  };
  const collect = (id: string, into: Record<string, unknown>) => {
    if (Object.hasOwn(into, id)) return;
    const s = states.get(id)!;
    into[id] = { status: s.status, ...(s.status === 'succeeded' ? { output: s.output } : {}) };
    for (const need of steps.get(id)?.needs ?? []) collect(need, into);
  };

  if (options.signal?.aborted) {
    cancel();
    return done;
  }
  options.signal?.addEventListener('abort', cancel, { once: true });
  schedule();
  return done;
}

/** pdk owns the rule (and its defaults), so docs and `run --dry-run` describe what runs. */
function backoffDelay(backoff: WorkflowBackoff | undefined, attempt: number): number {
  const given = Object.fromEntries(
    Object.entries(backoff ?? {}).filter(([, value]) => value !== undefined),
  );
  return backoffDelayMs(attempt, given);
}
