import { describe, expect, it } from 'vitest';
import { formatCheckFailure, SECURITY_CHECK_HINTS } from './_finding-report.js';

describe('formatCheckFailure', () => {
  it('groups repeated findings, names the contributions and input, and ends with the hint', () => {
    const text = formatCheckFailure('@acme/p', 'fuzz', [
      {
        check: 'fuzz',
        severity: 'error',
        message: 'crashed: boom',
        contribution: 'commands:a',
        input: '{"x":1}',
      },
      {
        check: 'fuzz',
        severity: 'error',
        message: 'crashed: boom',
        contribution: 'commands:b',
        input: '{"x":2}',
      },
      { check: 'fuzz', severity: 'error', message: 'crashed: boom', contribution: 'commands:a' },
    ]);
    expect(text).toBe(
      [
        'security check "fuzz" failed for @acme/p: 1 finding',
        '  x crashed: boom',
        '    in: commands:a, commands:b',
        '    input: {"x":1}',
        `  hint: ${SECURITY_CHECK_HINTS.fuzz}`,
      ].join('\n'),
    );
  });
});
