// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are the subject under test.
import { describe, expect, it } from 'vitest';
import {
  type EngineInvoke,
  runWorkflow,
  type WorkflowDefinition,
} from '../../src/workflow/index.js';
import { createFakeClock, deferred } from './_fake-clock.js';

import { errorSummary, recorder } from './_recorder.js';

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
