import { permits } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { undeclaredProbes } from './_probes.js';

describe('undeclaredProbes', () => {
  it('probes a first argument outside an exec allow-list, which the grant denies', () => {
    const granted = ['exec:git:log,status'];
    const probe = undeclaredProbes(granted).find((p) => p.needs === 'exec:git:stack-probe');
    expect(probe).toEqual({
      needs: 'exec:git:stack-probe',
      label: 'exec.run: git stack-probe',
      capability: 'exec',
      method: 'run',
      args: ['git', ['stack-probe'], {}],
    });
    expect(permits(granted, 'exec:git:status')).toBe(true);
    expect(permits(granted, probe?.needs ?? '')).toBe(false);
  });
});
