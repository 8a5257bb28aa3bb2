// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are the subject under test.
import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import {
  type ContributionRef,
  type EngineInvoke,
  type EngineInvokeOptions,
  runWorkflow,
  type WorkflowDefinition,
} from '../../src/workflow/index.js';
import { createFakeClock, deferred } from './_fake-clock.js';

interface Call {
  ref: ContributionRef;
  input: unknown;
  options: EngineInvokeOptions;
}

/** An invoke that records calls and answers from a table of handlers keyed by id. */
function recorder(handlers: Record<string, (input: unknown, o: EngineInvokeOptions) => unknown>) {
  const calls: Call[] = [];
  const invoke: EngineInvoke = async (ref, input, options) => {
    calls.push({ ref, input, options });
    const handler = handlers[ref.id];
    if (handler === undefined) throw new Error(`no handler ${ref.id}`);
    return handler(input, options);
  };
  return { calls, invoke };
}

const errorSummary = (e: unknown): unknown => {
  if (!isStackPluginError(e)) return e instanceof Error ? e.message : e;
  const cause = (e as Error).cause;
  return {
    code: e.code,
    message: e.message,
    ...(cause === undefined ? {} : { cause: errorSummary(cause) }),
  };
};

describe('runWorkflow', () => {
  it('runs steps in dependency order and passes outputs through placeholders', async () => {
    const { calls, invoke } = recorder({
      fetch: (input) => ({ items: [(input as { q: string }).q, 'b'], count: 2 }),
      'stats.count': (input) => ({ doubled: (input as { n: number }).n * 2 }),
      report: (input) => input,
    });
    const def: WorkflowDefinition = {
      id: 'etl',
      steps: [
        {
          id: 'report',
          uses: 'commands:report',
          needs: ['stats.count'],
          with: {
            line: 'first=${steps.fetch.output.items.0}, doubled=${steps.stats.count.output.doubled}',
          },
        },
        { id: 'fetch', uses: 'steps:fetch', with: { q: '${input.query}' } },
        // Dotted ids, as the manifest allows; a bare `uses` is a command id.
        {
          id: 'stats.count',
          uses: 'stats.count',
          needs: ['fetch'],
          with: { n: '${steps.fetch.output.count}' },
        },
      ],
    };
    const result = await runWorkflow(def, { query: 'a' }, { invoke, clock: createFakeClock() });
    expect(result).toEqual({
      status: 'succeeded',
      steps: {
        fetch: { status: 'succeeded', attempts: 1, output: { items: ['a', 'b'], count: 2 } },
        'stats.count': { status: 'succeeded', attempts: 1, output: { doubled: 4 } },
        report: { status: 'succeeded', attempts: 1, output: { line: 'first=a, doubled=4' } },
      },
    });
    expect(calls.map((c) => [c.ref, c.input])).toEqual([
      [{ kind: 'steps', id: 'fetch', own: true }, { q: 'a' }],
      [{ kind: 'commands', id: 'stats.count', own: false }, { n: 2 }],
      [{ kind: 'commands', id: 'report', own: true }, { line: 'first=a, doubled=4' }],
    ]);
    expect(calls[0]?.options).toMatchObject({ workflow: 'etl', step: 'fetch' });
    expect(calls[0]?.options).not.toHaveProperty('owner');
    // A plugin's workflow passes its owner with every step, for the host to check `own` refs.
    const owned = recorder({ fetch: () => ({ items: ['x'], count: 1 }) });
    await runWorkflow(
      { id: 'mine', steps: [{ id: 'fetch', uses: 'steps:fetch' }] },
      {},
      { invoke: owned.invoke, owner: 'acme', clock: createFakeClock() },
    );
    expect(owned.calls[0]?.options).toMatchObject({ workflow: 'mine', owner: 'acme' });
  });

  it('gives a step without "with" the workflow input', async () => {
    const { calls, invoke } = recorder({ echo: (i) => i });
    await runWorkflow({ id: 'w', steps: [{ id: 'a', uses: 'echo' }] }, 42, {
      invoke,
      clock: createFakeClock(),
    });
    expect(calls[0]?.input).toBe(42);
  });

  it('starts independent steps concurrently and a dependent one only after all its needs', async () => {
    const gates = { a: deferred(), b: deferred() };
    const started: string[] = [];
    const invoke: EngineInvoke = (ref) => {
      started.push(ref.id);
      return ref.id === 'join' ? Promise.resolve('joined') : gates[ref.id as 'a' | 'b'].promise;
    };
    const clock = createFakeClock();
    const running = runWorkflow(
      {
        id: 'fan',
        steps: [
          { id: 'a', uses: 'a' },
          { id: 'b', uses: 'b' },
          { id: 'join', uses: 'join', needs: ['a', 'b'] },
        ],
      },
      undefined,
      { invoke, clock },
    );
    await clock.flush();
    expect(started).toEqual(['a', 'b']);
    gates.a.resolve(1);
    await clock.flush();
    expect(started).toEqual(['a', 'b']);
    gates.b.resolve(2);
    expect((await running).status).toBe('succeeded');
    expect(started).toEqual(['a', 'b', 'join']);
  });

  it('reports a cycle in "needs" with its path before running anything', async () => {
    const { calls, invoke } = recorder({});
    const def: WorkflowDefinition = {
      id: 'loop',
      steps: [
        { id: 'start', uses: 'x' },
        { id: 'a', uses: 'x', needs: ['start', 'c'] },
        { id: 'b', uses: 'x', needs: ['a'] },
        { id: 'c', uses: 'x', needs: ['b'] },
      ],
    };
    const error = await runWorkflow(def, {}, { invoke, clock: createFakeClock() }).catch((e) => e);
    expect(errorSummary(error)).toEqual({
      code: 'DEPENDENCY_CYCLE',
      message:
        'Plugins require each other in a cycle: a -> c -> b -> a (steps of workflow "loop").',
    });
    expect(calls).toEqual([]);
  });

  it.each([
    [
      {
        id: 'w',
        steps: [
          { id: 'a', uses: 'x' },
          { id: 'a', uses: 'y' },
        ],
      },
      'step id "a" is used twice',
    ],
    [
      { id: 'w', steps: [{ id: 'a', uses: 'x', needs: ['nope'] }] },
      'step "a" needs unknown step "nope"',
    ],
    [{ id: 'w', steps: [{ id: 'a', uses: 'x', needs: ['a'] }] }, 'step "a" needs itself'],
    [{ id: 'w', steps: [{ id: 'a', uses: '' }] }, 'step "a" needs a "uses" naming a contribution'],
    [
      { id: 'w', steps: [{ id: 'a', uses: 'x', retries: -1 }] },
      'step "a": "retries" must be a non-negative integer',
    ],
    [
      {
        id: 'w',
        steps: [
          { id: 'a', uses: 'x' },
          { id: 'b', uses: 'x', with: '${steps.a.output}' },
        ],
      },
      'step "b" reads ${steps.a.output} but does not list "a" in "needs"',
    ],
    [
      {
        id: 'w',
        steps: [
          { id: 'a', uses: 'x' },
          { id: 'a.b', uses: 'x' },
          { id: 'c', uses: 'x', needs: ['a'], with: '${steps.a.b.output}' },
        ],
      },
      'step "c" reads ${steps.a.b.output} but does not list "a.b" in "needs"',
    ],
  ])('rejects an invalid definition (%#)', async (def, detail) => {
    const error = await runWorkflow(
      def as WorkflowDefinition,
      {},
      {
        invoke: recorder({}).invoke,
        clock: createFakeClock(),
      },
    ).catch((e) => e);
    expect(errorSummary(error)).toEqual({
      code: 'WORKFLOW_INVALID',
      message: `Workflow "w" is invalid: ${detail}.`,
    });
  });

  it('skips dependents of a failed step, still runs independent ones, and fails the run', async () => {
    const boom = new Error('disk full');
    const { calls, invoke } = recorder({
      build: () => {
        throw boom;
      },
      deploy: () => 'deployed',
      lint: () => 'clean',
    });
    const result = await runWorkflow(
      {
        id: 'ci',
        steps: [
          { id: 'build', uses: 'build' },
          { id: 'deploy', uses: 'deploy', needs: ['build'] },
          { id: 'after', uses: 'deploy', needs: ['deploy'] },
          { id: 'lint', uses: 'lint' },
        ],
      },
      {},
      { invoke, clock: createFakeClock() },
    );
    expect(result.status).toBe('failed');
    expect(result.steps.deploy).toEqual({ status: 'skipped', attempts: 0 });
    expect(result.steps.after).toEqual({ status: 'skipped', attempts: 0 });
    expect(result.steps.lint).toEqual({ status: 'succeeded', attempts: 1, output: 'clean' });
    expect(errorSummary(result.steps.build?.error)).toEqual({
      code: 'WORKFLOW_STEP_FAILED',
      message: 'Step "build" of workflow "ci" failed after 1 attempt(s): disk full.',
      cause: 'disk full',
    });
    expect(result.error).toBe(result.steps.build?.error);
    expect((result.error as Error).cause).toBe(boom);
    expect(calls.map((c) => c.ref.id).sort()).toEqual(['build', 'lint']);
  });

  it('records an optional failure, lets dependents run, and resolves its output to nothing', async () => {
    const { calls, invoke } = recorder({
      flaky: () => {
        throw new Error('no cache');
      },
      main: (input) => input,
    });
    const result = await runWorkflow(
      {
        id: 'w',
        steps: [
          { id: 'cache', uses: 'flaky', optional: true },
          {
            id: 'main',
            uses: 'main',
            needs: ['cache'],
            with: { hit: '${steps.cache.output.key}', status: '${steps.cache.status}' },
          },
        ],
      },
      {},
      { invoke, clock: createFakeClock() },
    );
    expect(result.status).toBe('succeeded');
    expect(result.error).toBeUndefined();
    expect(result.steps.cache?.status).toBe('failed');
    expect(result.steps.main).toEqual({
      status: 'succeeded',
      attempts: 1,
      output: { hit: undefined, status: 'failed' },
    });
    expect(calls).toHaveLength(2);
  });

  it('retries with exponential backoff on the injected clock', async () => {
    const clock = createFakeClock();
    let attempts = 0;
    const invoke: EngineInvoke = async () => {
      attempts++;
      if (attempts < 4) throw new Error(`try ${attempts}`);
      return 'ok';
    };
    const running = runWorkflow(
      { id: 'w', steps: [{ id: 'a', uses: 'a', retries: 5 }] },
      {},
      { invoke, clock, backoff: { initialMs: 100, factor: 3, maxMs: 500 } },
    );
    await clock.flush();
    expect(attempts).toBe(1);
    expect(clock.pending()).toEqual([100]);
    await clock.advance(99);
    expect(attempts).toBe(1);
    await clock.advance(1);
    expect(attempts).toBe(2);
    expect(clock.pending()).toEqual([300]);
    await clock.advance(300);
    expect(attempts).toBe(3);
    // 900 ms is capped at maxMs.
    expect(clock.pending()).toEqual([500]);
    await clock.advance(500);
    expect(await running).toEqual({
      status: 'succeeded',
      steps: { a: { status: 'succeeded', attempts: 4, output: 'ok' } },
    });
    expect(clock.now()).toBe(900);
  });

  it('gives up after the last retry and does not retry deterministic failures', async () => {
    const clock = createFakeClock();
    const invoke: EngineInvoke = async (ref) => {
      if (ref.id === 'denied') {
        throw createError(pdkErrors.PERMISSION_DENIED, {
          plugin: 'p',
          action: 'read x',
          permission: 'fs:read:x',
        });
      }
      throw new Error('flaky');
    };
    const running = runWorkflow(
      {
        id: 'w',
        steps: [
          { id: 'a', uses: 'flaky', retries: 2 },
          { id: 'b', uses: 'denied', retries: 3 },
        ],
      },
      {},
      { invoke, clock },
    );
    await clock.advance(10_000);
    const result = await running;
    expect(result.steps.a?.attempts).toBe(3);
    expect(result.steps.b?.attempts).toBe(1);
    expect(errorSummary(result.steps.b?.error)).toMatchObject({
      code: 'WORKFLOW_STEP_FAILED',
      cause: { code: 'PERMISSION_DENIED' },
    });
  });

  it('times out an attempt, aborts its signal, and retries it', async () => {
    const clock = createFakeClock();
    const signals: AbortSignal[] = [];
    const invoke: EngineInvoke = (_ref, _input, options) => {
      signals.push(options.signal);
      expect(options.timeoutMs).toBe(1000);
      return signals.length === 1 ? new Promise(() => {}) : Promise.resolve('second');
    };
    const running = runWorkflow(
      { id: 'w', steps: [{ id: 'slow', uses: 'slow', retries: 1, timeoutMs: 1000 }] },
      {},
      { invoke, clock, backoff: { initialMs: 10 } },
    );
    await clock.advance(999);
    expect(signals[0]?.aborted).toBe(false);
    await clock.advance(1);
    expect(errorSummary(signals[0]?.reason)).toEqual({
      code: 'WORKFLOW_STEP_TIMEOUT',
      message: 'Step "slow" of workflow "w" did not finish within 1000 ms.',
    });
    await clock.advance(10);
    expect(await running).toEqual({
      status: 'succeeded',
      steps: { slow: { status: 'succeeded', attempts: 2, output: 'second' } },
    });
    expect(clock.pending()).toEqual([]);
  });

  it('fails with the timeout as cause when no retry is left, using defaultTimeoutMs', async () => {
    const clock = createFakeClock();
    const running = runWorkflow(
      { id: 'w', steps: [{ id: 'hang', uses: 'hang' }] },
      {},
      { invoke: () => new Promise(() => {}), clock, defaultTimeoutMs: 50 },
    );
    await clock.advance(50);
    const result = await running;
    expect(errorSummary(result.error)).toEqual({
      code: 'WORKFLOW_STEP_FAILED',
      message:
        'Step "hang" of workflow "w" failed after 1 attempt(s): Step "hang" of workflow "w" did not finish within 50 ms.',
      cause: {
        code: 'WORKFLOW_STEP_TIMEOUT',
        message: 'Step "hang" of workflow "w" did not finish within 50 ms.',
      },
    });
  });

  it('cancels through the signal: aborts steps in flight, clears backoff, resolves at once', async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const invoke: EngineInvoke = (ref, _input, options) => {
      seen.push(options.signal);
      // `hang` ignores its signal on purpose: the run must not wait for it.
      if (ref.id === 'hang') return new Promise(() => {});
      return Promise.reject(new Error('retry me'));
    };
    const running = runWorkflow(
      {
        id: 'w',
        steps: [
          { id: 'hang', uses: 'hang' },
          { id: 'retry', uses: 'retry', retries: 3 },
          { id: 'later', uses: 'x', needs: ['hang'] },
        ],
      },
      {},
      { invoke, clock, signal: controller.signal },
    );
    await clock.flush();
    expect(clock.pending()).toEqual([100]);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.steps.later).toEqual({ status: 'cancelled', attempts: 0 });
    expect(result.steps.retry).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(errorSummary(result.steps.hang?.error)).toEqual({
      code: 'WORKFLOW_CANCELLED',
      message: 'Workflow "w" was cancelled while step "hang" ran.',
    });
    // Only `hang` was still in flight; the failed attempt of `retry` had already finished.
    expect(seen.map((s) => s.aborted)).toEqual([true, false]);
    expect(seen[0]?.reason).toBe(result.error);
    expect(clock.pending()).toEqual([]);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const { calls, invoke } = recorder({ a: () => 1 });
    const result = await runWorkflow(
      { id: 'w', steps: [{ id: 'a', uses: 'a' }] },
      {},
      {
        invoke,
        clock: createFakeClock(),
        signal: AbortSignal.abort(),
      },
    );
    expect(result).toMatchObject({ status: 'cancelled', steps: { a: { status: 'cancelled' } } });
    expect(calls).toEqual([]);
  });

  it('fails a step whose placeholders cannot be resolved without calling it', async () => {
    const { calls, invoke } = recorder({ a: () => ({}), b: () => 1 });
    const result = await runWorkflow(
      {
        id: 'w',
        steps: [
          { id: 'a', uses: 'a' },
          { id: 'b', uses: 'b', needs: ['a'], retries: 2, with: '${steps.a.output.missing}' },
        ],
      },
      {},
      { invoke, clock: createFakeClock() },
    );
    expect(result.steps.b).toMatchObject({ status: 'failed', attempts: 0 });
    expect(errorSummary(result.steps.b?.error)).toMatchObject({
      cause: { code: 'TEMPLATE_UNRESOLVED' },
    });
    expect(calls.map((c) => c.ref.id)).toEqual(['a']);
  });

  it('passes extra scope roots and uses an injected template resolver', async () => {
    const { calls, invoke } = recorder({ a: (i) => i });
    await runWorkflow(
      { id: 'w', steps: [{ id: 'a', uses: 'a', with: '${env.REGION}' }] },
      {},
      {
        invoke,
        clock: createFakeClock(),
        scope: { env: { REGION: 'eu' } },
      },
    );
    expect(calls[0]?.input).toBe('eu');
    const seen: unknown[] = [];
    await runWorkflow(
      { id: 'w', steps: [{ id: 'a', uses: 'a', with: { x: 1 } }] },
      {},
      {
        invoke,
        clock: createFakeClock(),
        resolveTemplate: (value, scope) => {
          seen.push(scope);
          return { wrapped: value };
        },
      },
    );
    expect(calls[1]?.input).toEqual({ wrapped: { x: 1 } });
    expect(seen).toEqual([{ input: {}, steps: {} }]);
  });
});
