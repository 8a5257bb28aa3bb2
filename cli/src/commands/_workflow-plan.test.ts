import { describe, expect, it } from 'vitest';
import { formatWorkflowPlan } from './_workflow-plan.js';

describe('formatWorkflowPlan', () => {
  it('draws the stages with needs, optional, retries and their backoff', () => {
    expect(
      formatWorkflowPlan(
        {
          id: 'release',
          title: 'Release',
          steps: [
            { id: 'notes', uses: 'steps:notes', needs: ['collect', 'bump'], optional: true },
            { id: 'collect', uses: 'steps:collect', with: { commits: '${input.commits}' } },
            { id: 'bump', uses: 'version.bump', needs: ['collect'], retries: 2, timeoutMs: 500 },
          ],
        },
        'plugin @acme/release',
      ),
    ).toBe(
      [
        'workflow release (Release), from plugin @acme/release: 3 steps in 3 stages',
        'stage 1:',
        '  collect  uses steps:collect',
        '           with {"commits":"${input.commits}"}',
        'stage 2:',
        '  bump     uses version.bump  needs collect  retries 2 (waits 100 ms, 200 ms)  timeout 500 ms per attempt',
        'stage 3:',
        '  notes    uses steps:notes  needs collect, bump  optional (a failure does not fail the workflow)',
        'Nothing was run (--dry-run).',
        '',
      ].join('\n'),
    );
  });
});
