import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { fixture, NOW, testServices } from './_support.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

const LEVELS = ['none', 'limited', 'strict'] as const;

async function startHost(
  isolation: (typeof LEVELS)[number],
  narrowing: { grant?: string[]; deny?: string[] },
) {
  const services = testServices({
    files: { 'data/public/a.txt': 'public', 'data/private.txt': 'private' },
    dns: { 'api.example.com': '93.184.216.34' },
  });
  const host = createHost({
    root: fixture('.'),
    config: { plugins: [{ path: 'capabilities', isolation, ...narrowing }] },
    services,
    env: {},
  });
  hosts.push(host);
  await host.start();
  const call = (path: string, ...args: unknown[]) => host.execute('call', { path, args });
  return { host, services, call };
}

describe.each(LEVELS)('narrowed grants at isolation %s', (isolation) => {
  it('a plugin denied net cannot fetch, and the denial is audited', async () => {
    const { host, services, call } = await startHost(isolation, { deny: ['net'] });
    expect(await call('net.fetch', 'https://api.example.com/')).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not fetch https://api.example.com/: it has not been granted "net:api.example.com:443".',
      },
    });
    expect(await call('net.fetch', 'http://127.0.0.1:8080/')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(services.fetched).toEqual([]);
    expect(host.audit().filter((r) => r.capability === 'net')).toEqual([
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'https://api.example.com/',
        allowed: false,
        permission: 'net:api.example.com:443',
        time: NOW,
      },
      expect.objectContaining({ allowed: false, permission: 'net:127.0.0.1:8080' }),
    ]);
    const status = host.plugin('capabilities');
    expect(status?.permissions).not.toContain('net:api.example.com');
    expect(status?.deniedPermissions).toEqual(['net']);
    expect(status?.withheldPermissions).toEqual([
      'net:api.example.com',
      'net:127.0.0.1:8080',
      'net:*.example.net',
    ]);
  });

  it('a narrowed fs glob blocks paths outside it', async () => {
    const { host, call } = await startHost(isolation, { grant: ['fs:read:data/public/**'] });
    expect(await call('fs.readFile', 'data/public/a.txt')).toEqual({ ok: true, value: 'public' });
    expect(await call('fs.readFile', 'data/private.txt')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await call('fs.readFile', 'data/public/../private.txt')).toMatchObject({ ok: false });
    expect(host.plugin('capabilities')?.permissions).toContain('fs:read:data/public/**');
    expect(host.plugin('capabilities')?.requestedPermissions).toContain('fs:read:data/**');
    expect(
      host
        .audit()
        .filter((r) => r.capability === 'fs')
        .map((r) => [r.target, r.allowed, r.permission]),
    ).toEqual([
      ['data/public/a.txt', true, 'fs:read:data/public/**'],
      ['data/private.txt', false, 'fs:read:data/private.txt'],
      expect.arrayContaining([false]),
    ]);
  });

  it('a revocation applies from the next call, under concurrent calls', async () => {
    const { host, call } = await startHost(isolation, {});
    const read = () => call('fs.readFile', 'data/public/a.txt');
    // Answers memoised before the revocation must not survive it.
    expect(await read()).toEqual({ ok: true, value: 'public' });
    const before = Array.from({ length: 20 }, read);
    host.revoke('capabilities', 'fs:read');
    const after = Array.from({ length: 20 }, read);
    // Calls made before the revocation may have passed their check already; none after it.
    for (const result of await Promise.all(after)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
    await Promise.all(before);
    expect(host.plugin('capabilities')?.deniedPermissions).toEqual(['fs:read']);
    host.setGrants('capabilities', {});
    expect(await read()).toEqual({ ok: true, value: 'public' });
  });
});

describe('grant narrowing checks', () => {
  it('refuses a config grant of a kind the manifest does not ask for', async () => {
    const host = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'capabilities', grant: ['db'] }] },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await expect(host.start()).rejects.toMatchObject({
      errors: [
        {
          code: 'GRANT_INVALID',
          plugin: 'capabilities',
          data: {
            plugin: 'capabilities',
            problems: ['grant "db" narrows nothing the manifest asks for (no "db" permission)'],
          },
        },
      ],
    });
  });

  it('never widens: a grant wider than the manifest allows only what both allow', async () => {
    const { services, call } = await startHost('none', {
      grant: ['fs:read:**', 'net:api.example.com'],
    });
    services.files.set('secret.txt', new TextEncoder().encode('secret'));
    expect(await call('fs.readFile', 'data/public/a.txt')).toMatchObject({ ok: true });
    expect(await call('fs.readFile', 'secret.txt')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await call('net.fetch', 'https://api.example.com/')).toMatchObject({ ok: true });
    expect(await call('net.fetch', 'https://www.example.net/')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  it('setGrants refuses what narrows nothing and keeps the previous grants', async () => {
    const { host } = await startHost('none', { deny: ['exec'] });
    expect(() => host.setGrants('capabilities', { grant: ['db:x'] })).toThrow(
      expect.objectContaining({ code: 'GRANT_INVALID' }),
    );
    expect(host.plugin('capabilities')?.deniedPermissions).toEqual(['exec']);
    expect(() => host.revoke('nope', 'net')).toThrow(
      expect.objectContaining({ code: 'PLUGIN_NOT_FOUND' }),
    );
  });
});
