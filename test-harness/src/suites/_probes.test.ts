import { type CapabilityDescriptor, permits, registerHostCapability } from '@stack-plugin/pdk';
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

  it("probes a host capability's permission kinds the plugin does not declare, with sampled arguments", () => {
    const describe = () => ({ risk: 'high' as const, summary: 'x' });
    const queue: CapabilityDescriptor = {
      name: 'acme.queue',
      service: 'acme.queue',
      ctx: 'host.acme.queue',
      title: 'Queue',
      summary: 'A queue.',
      risk: 'high',
      crossesSandbox: true,
      docs: 'queue',
      permissions: [
        { kind: 'acme.queue', grammar: 'acme.queue', target: 'none', describe },
        { kind: 'acme.queue:drain', grammar: 'acme.queue:drain', target: 'none', describe },
      ],
      methods: {
        push: {
          summary: 'Push.',
          permission: 'acme.queue',
          params: [{ type: 'object' }, { type: 'string' }],
          result: {},
        },
        drain: {
          summary: 'Drain.',
          permission: 'acme.queue:drain',
          params: [{ type: 'object' }],
          result: {},
        },
      },
    };
    registerHostCapability(queue);
    const hosted = (granted: string[]) =>
      undeclaredProbes(granted, [queue]).filter((p) => p.capability === 'acme.queue');
    expect(hosted(['acme.queue'])).toEqual([
      {
        needs: 'acme.queue:drain',
        label: 'acme.queue.drain: acme.queue:drain use',
        capability: 'acme.queue',
        method: 'drain',
        args: [{}],
      },
    ]);
    expect(hosted([]).map((p) => [p.method, p.args])).toEqual([
      ['push', [{}, 'stack-probe']],
      ['drain', [{}]],
    ]);
    expect(hosted(['acme.queue', 'acme.queue:drain'])).toEqual([]);
    expect(undeclaredProbes([]).some((p) => p.capability === 'acme.queue')).toBe(false);
  });
});
