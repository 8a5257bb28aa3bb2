import { afterEach, describe, expect, it } from 'vitest';
import { createHost, createInProcessExecutor, type Host } from '../src/index.js';
import { fixture, NOW, testServices } from './_support.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

describe('isolation levels', () => {
  it('raises isolation by config entry and policy, never lowers it, and brokers the same way', async () => {
    const services = testServices({ files: { 'data/a.txt': 'alpha' } });
    const host = createHost({
      root: fixture('.'),
      config: {
        plugins: [
          { path: 'hello', isolation: 'strict' },
          { path: 'capabilities', isolation: 'none' },
        ],
      },
      policy: { minIsolation: 'limited' },
      services,
      env: {},
    });
    hosts.push(host);
    await host.start();
    expect(host.plugins().map((p) => [p.name, p.isolation])).toEqual([
      ['hello', 'strict'],
      ['capabilities', 'limited'],
    ]);
    expect(await host.execute('hello', { name: 'sandbox' })).toEqual({ greeting: 'Hello sandbox' });
    expect(await host.execute('call', { path: 'fs.readFile', args: ['data/a.txt'] })).toEqual({
      ok: true,
      value: 'alpha',
    });
    expect(await host.execute('call', { path: 'fs.readFile', args: ['secret.txt'] })).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not read "secret.txt": it has not been granted "fs:read:secret.txt".',
      },
    });
    expect(host.audit().filter((r) => r.capability === 'fs')).toEqual([
      {
        plugin: 'capabilities',
        capability: 'fs',
        method: 'readFile',
        target: 'data/a.txt',
        allowed: true,
        permission: 'fs:read:data/**',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'fs',
        method: 'readFile',
        target: 'secret.txt',
        allowed: false,
        permission: 'fs:read:secret.txt',
        time: NOW,
      },
    ]);
  });

  // Regression: the test harness maps `limited` and `strict` to its in-process executor, and
  // the status still said `limited` for a plugin running in the host's process.
  it('reports the isolation of the executor that really runs the plugin', async () => {
    const host = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'hello', isolation: 'strict' }] },
      policy: { minIsolation: 'limited' },
      executors: { limited: createInProcessExecutor(), strict: createInProcessExecutor() },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await host.start();
    expect(host.plugin('hello')?.isolation).toBe('none');
    expect(await host.execute('hello', { name: 'in-process' })).toEqual({
      greeting: 'Hello in-process',
    });
  });
});
