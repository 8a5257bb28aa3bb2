import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { fixture, NOW, type TestServices, testServices } from './_support.js';

let host: Host;
let services: TestServices;

beforeEach(async () => {
  services = testServices({
    files: { 'data/a.txt': 'alpha', 'secret.txt': 'top secret', 'data/link.txt': 'x' },
    links: { 'data/link.txt': 'secret.txt', 'data/escape.txt': null },
    dns: {
      'api.example.com': '93.184.216.34',
      'db.example.net': '10.1.2.3',
      'www.example.net': '93.184.216.35',
    },
    redirects: {
      'https://api.example.com/redirect': 'https://internal.corp/steal',
      'https://api.example.com/rebind': 'http://169.254.169.254/latest',
    },
    env: { HOME_DIR: '/home/me', OTHER: 'no' },
    secrets: { API_TOKEN: 's3cr3t-token-value' },
  });
  host = createHost({
    root: fixture('.'),
    config: { plugins: [{ path: 'capabilities' }] },
    services,
    env: {},
  });
  await host.start();
});
afterEach(() => host.stop());

const call = (path: string, ...args: unknown[]) => host.execute('call', { path, args });

describe('broker', () => {
  it('allows granted calls and records them with the grant', async () => {
    expect(await call('fs.readFile', 'data/a.txt')).toEqual({ ok: true, value: 'alpha' });
    expect(await call('env.get', 'HOME_DIR')).toEqual({ ok: true, value: '/home/me' });
    expect(await call('exec', 'git', ['status'], { cwd: 'data' })).toEqual({
      ok: true,
      value: { exitCode: 0, stdout: 'git status in data', stderr: '' },
    });
    expect(await call('fs.writeFile', 'out/b.txt', 'beta')).toEqual({ ok: true });
    expect(new TextDecoder().decode(services.files.get('out/b.txt'))).toBe('beta');
    expect(host.audit().filter((r) => r.capability !== 'commands')).toEqual([
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
        capability: 'env',
        method: 'get',
        target: 'HOME_DIR',
        allowed: true,
        permission: 'env:HOME_DIR',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'exec',
        method: 'run',
        target: 'git',
        allowed: true,
        permission: 'exec:git',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'fs',
        method: 'writeFile',
        target: 'out/b.txt',
        allowed: true,
        permission: 'fs:write:out/**',
        time: NOW,
      },
    ]);
  });

  it.each([
    ['fs.readFile', ['secret.txt'], 'read "secret.txt"', 'fs:read:secret.txt'],
    ['fs.writeFile', ['data/a.txt', 'x'], 'write "data/a.txt"', 'fs:write:data/a.txt'],
    ['env.get', ['OTHER'], 'read the environment variable OTHER', 'env:OTHER'],
    ['secrets.get', ['DB_PASSWORD'], 'read the secret DB_PASSWORD', 'secret:DB_PASSWORD'],
    ['exec', ['rm', ['-rf', '.']], 'run "rm"', 'exec:rm'],
    [
      'net.fetch',
      ['https://other.example.org/x'],
      'fetch https://other.example.org/x',
      'net:other.example.org:443',
    ],
    ['events.emit', ['build.done'], 'emit "build.done"', 'events:emit:build.done'],
    ['state.shared.get', ['k'], 'use shared state', 'state:shared'],
  ])(
    'denies %s naming the permission that would allow it',
    async (path, args, action, permission) => {
      const result = await call(path, ...args);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'PERMISSION_DENIED',
          message: `"capabilities" may not ${action}: it has not been granted "${permission}".`,
        },
      });
      expect(host.audit().at(-1)).toMatchObject({
        plugin: 'capabilities',
        allowed: false,
        permission,
      });
    },
  );

  it('checks the real path too: a granted symlink to an ungranted file is refused', async () => {
    expect(await call('fs.readFile', 'data/link.txt')).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not read "data/link.txt", which resolves to "secret.txt": it has not been granted "fs:read:secret.txt".',
      },
    });
    expect(await call('fs.readFile', 'data/escape.txt')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(host.audit().filter((r) => r.capability === 'fs')).toEqual([
      {
        plugin: 'capabilities',
        capability: 'fs',
        method: 'readFile',
        target: 'data/link.txt',
        allowed: false,
        permission: 'fs:read:secret.txt',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'fs',
        method: 'readFile',
        target: 'data/escape.txt',
        allowed: false,
        permission: 'fs:read:data/escape.txt',
        time: NOW,
      },
    ]);
  });

  it.each([['/etc/passwd'], ['data/../secret.txt'], ['..'], ['data\\a.txt']])(
    'refuses the path %s before any permission check',
    async (path) => {
      expect(await call('fs.readFile', path)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
      expect(host.audit().at(-1)).toEqual({
        plugin: 'capabilities',
        capability: 'fs',
        method: 'readFile',
        target: path,
        allowed: false,
        time: NOW,
      });
    },
  );

  it('re-checks every redirect hop and refuses private addresses unless named exactly', async () => {
    expect(await call('net.fetch', 'https://api.example.com/ok')).toEqual({
      ok: true,
      value: {
        url: 'https://api.example.com/ok',
        status: 200,
        ok: true,
        headers: {},
        body: 'body of https://api.example.com/ok',
      },
    });
    expect(await call('net.fetch', 'https://api.example.com/redirect')).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not fetch https://internal.corp/steal: it has not been granted "net:internal.corp:443".',
      },
    });
    expect(await call('net.fetch', 'https://api.example.com/rebind')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    // Named exactly: the loopback address is allowed.
    expect(await call('net.fetch', 'http://127.0.0.1:8080/health')).toMatchObject({ ok: true });
    expect(services.fetched).toEqual([
      'https://api.example.com/ok',
      'https://api.example.com/redirect',
      'https://api.example.com/rebind',
      'http://127.0.0.1:8080/health',
    ]);
    expect(host.audit().filter((r) => r.capability === 'net')).toEqual([
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'https://api.example.com/ok',
        allowed: true,
        permission: 'net:api.example.com',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'https://api.example.com/redirect',
        allowed: true,
        permission: 'net:api.example.com',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'https://internal.corp/steal',
        allowed: false,
        permission: 'net:internal.corp:443',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'https://api.example.com/rebind',
        allowed: true,
        permission: 'net:api.example.com',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'http://169.254.169.254/latest',
        allowed: false,
        permission: 'net:169.254.169.254:80',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'net',
        method: 'fetch',
        target: 'http://127.0.0.1:8080/health',
        allowed: true,
        permission: 'net:127.0.0.1:8080',
        time: NOW,
      },
    ]);
  });

  it('never lets a wildcard grant reach a private address', async () => {
    expect(await call('net.fetch', 'https://www.example.net/')).toMatchObject({ ok: true });
    expect(await call('net.fetch', 'https://db.example.net/')).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not fetch https://db.example.net/: it resolves to the private, loopback or link-local address 10.1.2.3, which only a permission naming that address exactly allows: it has not been granted "net:10.1.2.3:443".',
      },
    });
    expect(services.fetched).toEqual(['https://www.example.net/']);
  });

  it('never lets a secret value reach a log or an error', async () => {
    expect(await call('secrets.get', 'API_TOKEN')).toEqual({
      ok: true,
      value: 's3cr3t-token-value',
    });
    await call('log.info', 'token is s3cr3t-token-value', { nested: ['s3cr3t-token-value'] });
    expect(await call('fs.readFile', 's3cr3t-token-value.txt')).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message:
          '"capabilities" may not read "[redacted].txt": it has not been granted "fs:read:[redacted].txt".',
      },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(services.logs).toEqual([
      {
        level: 'info',
        message: 'token is [redacted]',
        plugin: 'capabilities',
        data: { nested: ['[redacted]'] },
        time: NOW,
      },
    ]);
    expect(JSON.stringify(host.audit())).not.toContain('s3cr3t-token-value');
  });

  it('refuses payloads that are not plain data', async () => {
    const error = await host
      .execute('call', {
        path: 'state.set',
        args: ['k', JSON.parse('{"__proto__": {"polluted": true}}')],
      })
      .catch((e: unknown) => e);
    expect((error as { toJSON(): unknown }).toJSON()).toEqual({
      code: 'VALIDATION_FAILED',
      plugin: 'capabilities',
      message:
        'The input of command "call" of "capabilities" does not match its schema: at /args/1/__proto__: the key "__proto__" is not allowed.',
      // The host's rule for what may cross it, not a schema of the manifest: the hint says so.
      hint: expect.stringMatching(
        /^Send plain data: .*without __proto__, constructor or prototype keys/,
      ),
    });
    expect(await call('state.set', 'k', { ok: 1 })).toEqual({ ok: true });
    expect(await call('state.get', 'k')).toEqual({ ok: true, value: { ok: 1 } });
    expect(host.audit().filter((r) => r.capability === 'state')).toEqual([
      {
        plugin: 'capabilities',
        capability: 'state',
        method: 'set',
        target: 'k',
        allowed: true,
        permission: 'state',
        time: NOW,
      },
      {
        plugin: 'capabilities',
        capability: 'state',
        method: 'get',
        target: 'k',
        allowed: true,
        permission: 'state',
        time: NOW,
      },
    ]);
  });
});
