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

  // Regression: `fs:write:**` got a probe writing through a link to a file `**` also covers,
  // which the host rightly allowed, and the security suite reported as `undeclared-variants`.
  it.each([
    [['fs:write:**']],
    [['fs:read:**', 'fs:write:**']],
    [['fs:write:out/**', 'fs:read:**']],
    [['fs:read:docs/**', 'net:*.example.com', 'env:HOME', 'exec:git', 'events:emit:**']],
  ])('probes only what %j does not grant', (permissions) => {
    const probes = undeclaredProbes(permissions);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((p) => permits(permissions, p.needs)).map((p) => p.label)).toEqual([]);
  });

  it('still probes a link out of a narrow write grant', () => {
    expect(undeclaredProbes(['fs:write:out/**']).map((p) => p.label)).toContain(
      'fs.writeFile: out/__stack_probe_link__ (a link to stack-probe-outside/secret.txt)',
    );
  });
});
