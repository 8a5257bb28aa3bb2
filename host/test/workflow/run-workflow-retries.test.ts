// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are the subject under test.
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { type EngineInvoke, runWorkflow } from '../../src/workflow/index.js';
import { createFakeClock } from './_fake-clock.js';

import { errorSummary, recorder } from './_recorder.js';

describe('runWorkflow: retries, timeouts and cancellation', () => {
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
});
