import { describe, expect, it } from 'vitest';
import { backoffDelayMs, describeRetries, workflowStages } from './workflow-graph.js';

describe('workflowStages', () => {
  it('groups steps by what they need, whatever their order in the list', () => {
    const stages = workflowStages([
      { id: 'notes', uses: 'steps:n', needs: ['collect', 'bump'] },
      { id: 'bump', uses: 'steps:b', needs: ['collect'] },
      { id: 'collect', uses: 'steps:c' },
      { id: 'lint', uses: 'steps:l' },
    ]);
    expect(stages.map((stage) => stage.map((s) => s.id))).toEqual([
      ['collect', 'lint'],
      ['bump'],
      ['notes'],
    ]);
  });

  it('names the steps of a cycle', () => {
    expect(() =>
      workflowStages([
        { id: 'a', uses: 'x', needs: ['b'] },
        { id: 'b', uses: 'x', needs: ['a'] },
      ]),
    ).toThrow('steps "a", "b" need steps that are missing or form a cycle');
  });
});

describe('backoff', () => {
  it('doubles from 100 ms and stops at 10 s', () => {
    expect([1, 2, 3, 7, 8, 20].map((n) => backoffDelayMs(n))).toEqual([
      100, 200, 400, 6400, 10_000, 10_000,
    ]);
    expect(describeRetries(3)).toBe('retries 3 (waits 100 ms, 200 ms, 400 ms)');
    expect(describeRetries(0)).toBe('no retries');
    expect(describeRetries(1, { initialMs: 2000 })).toBe('retries 1 (waits 2 s)');
  });
});
