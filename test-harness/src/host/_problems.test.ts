import { describe, expect, it } from 'vitest';
import { collectProblems } from './_problems.js';
import type { AuditRecord } from './harness-records.js';

describe('collectProblems', () => {
  it('reports denied calls but not the host’s own records (refusal, failed reload, crash)', () => {
    const record = (capability: string, method: string): AuditRecord => ({
      plugin: 'p',
      capability,
      method,
      target: 'X',
      allowed: false,
      time: 0,
    });
    const audit = [record('host', 'refuse'), record('host', 'crash'), record('env', 'get')];
    const problems = collectProblems([], audit, new WeakSet(), { deniedCalls: true });
    expect(problems).toEqual([
      { kind: 'denied-call', plugin: 'p', message: '"p" was denied env.get X' },
    ]);
  });
});
