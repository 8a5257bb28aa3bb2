import { describe, expect, it } from 'vitest';
import { findGrant, permits } from './permits.js';

describe('permits: fs globs', () => {
  it.each([
    [['fs:read:src/**'], 'fs:read:src/a.ts', true],
    [['fs:read:src/**'], 'fs:read:src/deep/er/a.ts', true],
    [['fs:read:src/**'], 'fs:read:src', true],
    [['fs:read:src/**'], 'fs:read:srcx/a.ts', false],
    [['fs:read:src/**'], 'fs:read:./src/a.ts', true],
    [['fs:read:src/*.ts'], 'fs:read:src/a.ts', true],
    [['fs:read:src/*.ts'], 'fs:read:src/lib/a.ts', false],
    [['fs:read:src/*.ts'], 'fs:read:src/.hidden.ts', true],
    [['fs:read:**'], 'fs:read:.env', true],
    [['fs:read:**'], 'fs:read:.git/config', true],
    [['fs:read:*.md'], 'fs:read:README.md', true],
    [['fs:read:*.md'], 'fs:read:docs/a.md', false],
    [['fs:read:{src,test}/**'], 'fs:read:test/x.ts', true],
    [['fs:read:src/[ab].ts'], 'fs:read:src/b.ts', true],
    [['fs:read:src/**'], 'fs:write:src/a.ts', false],
    [['fs:write:dist/**'], 'fs:read:dist/a.js', false],
  ])('%j allows %s: %s', (granted, requested, expected) => {
    expect(permits(granted, requested)).toBe(expected);
  });

  it.each([
    'fs:read:src/../.env',
    'fs:read:../secrets',
    'fs:read:src/..',
    'fs:read:/etc/passwd',
    'fs:read:C:/Windows',
    'fs:read:src\\..\\..\\x',
    'fs:read:~/.ssh/id_rsa',
    'fs:read:',
  ])('never lets %s out of the workspace, even with fs:read:**', (requested) => {
    expect(permits(['fs:read:**', 'fs:read:*', 'fs:read:src/**'], requested)).toBe(false);
  });
});

describe('permits: net hosts', () => {
  it.each([
    [['net:api.github.com'], 'net:api.github.com:443', true],
    [['net:api.github.com'], 'net:API.GitHub.com:443', true],
    [['net:api.github.com'], 'net:github.com:443', false],
    [['net:api.github.com'], 'net:evil-api.github.com:443', false],
    [['net:api.github.com:443'], 'net:api.github.com:80', false],
    [['net:api.github.com:443'], 'net:api.github.com:443', true],
    [['net:*.example.com'], 'net:sub.example.com:443', true],
    [['net:*.example.com'], 'net:a.b.example.com:443', true],
    [['net:*.example.com'], 'net:example.com:443', false],
    [['net:*.example.com'], 'net:badexample.com:443', false],
    [['net:*.example.com'], 'net:example.com.evil.io:443', false],
    [['net:*'], 'net:anything.io:1', true],
    [['net:*'], 'net:[::1]:80', true],
    [['net:*:443'], 'net:a.io:443', true],
    [['net:*:443'], 'net:a.io:444', false],
    [['net:[::1]:8080'], 'net:[0:0::1]:8080', true],
    [['net:[::1]'], 'net:[::2]:8080', false],
    [['net:127.0.0.1'], 'net:127.0.0.1:3000', true],
    [['net:127.0.0.1'], 'net:127.0.0.2:3000', false],
    [['net:example.com'], 'net:*.example.com:443', false],
    [['net:bücher.de'], 'net:xn--bcher-kva.de:443', true],
    [['net:*.bücher.de'], 'net:shop.bücher.de:443', true],
  ])('%j allows %s: %s', (granted, requested, expected) => {
    expect(permits(granted, requested)).toBe(expected);
  });
});

describe('permits: names, events and state', () => {
  it.each([
    [['env:HOME'], 'env:HOME', true],
    [['env:HOME'], 'env:home', false],
    [['env:HOME'], 'env:HOME2', false],
    [['secret:TOKEN'], 'secret:TOKEN', true],
    [['secret:TOKEN'], 'env:TOKEN', false],
    [['exec:git'], 'exec:git', true],
    [['exec:git'], 'exec:gitk', false],
    [['exec:git'], 'exec:/usr/bin/git', false],
    [['exec:git'], 'exec:git:rebase', true],
    [['exec:git:log,status'], 'exec:git:status', true],
    [['exec:git:log,status'], 'exec:git:rebase', false],
    [['exec:git:log,status'], 'exec:git:-c', false],
    // A first argument no list can name (or none) needs a grant without a list.
    [['exec:git:log,status'], 'exec:git', false],
    [['exec:git:log', 'exec:git'], 'exec:git', true],
    [['exec:git:log,status'], 'exec:gitk:log', false],
    [['env:STACK_SECRET_TOKEN'], 'env:STACK_SECRET_TOKEN', false],
    [['events:emit:notes.*'], 'events:emit:notes.created', true],
    [['events:emit:notes.*'], 'events:emit:notes.a.b', false],
    [['events:emit:notes.**'], 'events:emit:notes.a.b', true],
    [['events:emit:notes.**'], 'events:emit:notes.*', false],
    [['events:on:build.**'], 'events:on:build.*', true],
    [['events:on:build.*'], 'events:on:build.**', false],
    [['events:on:build.*'], 'events:emit:build.done', false],
    [['state'], 'state', true],
    [['state'], 'state:shared', false],
    [['state:shared'], 'state', true],
    [['state:shared'], 'state:shared', true],
    [[], 'state', false],
    // `db` is the default database only; each named one needs its own grant.
    [['db'], 'db', true],
    [['db'], 'db:reports', false],
    [['db:reports'], 'db', false],
    [['db:reports'], 'db:reports', true],
    [['db:reports'], 'db:reports2', false],
    [['db', 'db:reports'], 'db:reports', true],
    // Reading the host's metrics is granted by itself alone; nothing else implies it.
    [['metrics:read'], 'metrics:read', true],
    [['state:shared', 'events:on:**'], 'metrics:read', false],
  ])('%j allows %s: %s', (granted, requested, expected) => {
    expect(permits(granted, requested)).toBe(expected);
  });
});

describe('findGrant', () => {
  it('returns the granted string that allows the request, as written', () => {
    const granted = ['fs:read:docs/**', 'FS:READ:./src/', 'net:*.example.com'];
    expect(findGrant(granted, 'fs:read:src/index.ts')).toBe('FS:READ:./src/');
    expect(findGrant(granted, 'net:a.example.com:443')).toBe('net:*.example.com');
    expect(findGrant(granted, 'env:HOME')).toBeUndefined();
  });

  it('ignores invalid grants and requests instead of throwing', () => {
    expect(findGrant(['bogus', 'fs:read:/abs/**'], 'fs:read:abs/x')).toBeUndefined();
    expect(findGrant(['state'], 'bogus')).toBeUndefined();
    expect(findGrant(null as unknown as string[], 'state')).toBeUndefined();
    expect(findGrant(['state'], 42 as unknown as string)).toBeUndefined();
  });
});
