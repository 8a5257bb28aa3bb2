import { describe, expect, it } from 'vitest';
import { isStackPluginError } from '../errors/stack-plugin-error.js';
import {
  execRequest,
  normalizePermission,
  parsePermission,
  tryParsePermission,
} from './parse-permission.js';

describe('parsePermission', () => {
  it.each([
    ['fs:read:src/**', { kind: 'fs:read', raw: 'fs:read:src/**', target: 'src/**' }],
    ['fs:write:dist/*.js', { kind: 'fs:write', raw: 'fs:write:dist/*.js', target: 'dist/*.js' }],
    ['net:api.github.com', { kind: 'net', raw: 'net:api.github.com', target: 'api.github.com' }],
    [
      'net:*.example.com:8443',
      { kind: 'net', raw: 'net:*.example.com:8443', target: '*.example.com', port: 8443 },
    ],
    ['net:[::1]:8080', { kind: 'net', raw: 'net:[::1]:8080', target: '[::1]', port: 8080 }],
    ['net:10.0.0.1', { kind: 'net', raw: 'net:10.0.0.1', target: '10.0.0.1' }],
    ['net:*', { kind: 'net', raw: 'net:*', target: '*' }],
    ['env:GITHUB_TOKEN', { kind: 'env', raw: 'env:GITHUB_TOKEN', target: 'GITHUB_TOKEN' }],
    ['secret:npm.token', { kind: 'secret', raw: 'secret:npm.token', target: 'npm.token' }],
    ['exec:git', { kind: 'exec', raw: 'exec:git', target: 'git' }],
    [
      'exec:git:status,log,status',
      { kind: 'exec', raw: 'exec:git:status,log,status', target: 'git', args: ['log', 'status'] },
    ],
    ['events:emit:notes.*', { kind: 'events:emit', raw: 'events:emit:notes.*', target: 'notes.*' }],
    ['events:on:**', { kind: 'events:on', raw: 'events:on:**', target: '**' }],
    ['state', { kind: 'state', raw: 'state' }],
    ['state:shared', { kind: 'state:shared', raw: 'state:shared' }],
    ['db', { kind: 'db', raw: 'db' }],
    ['db:reports', { kind: 'db', raw: 'db:reports', target: 'reports' }],
    ['metrics:read', { kind: 'metrics:read', raw: 'metrics:read' }],
  ])('parses %s', (raw, expected) => {
    expect(parsePermission(raw)).toEqual(expected);
  });

  it.each([
    ['', 'it does not start with a known kind'],
    ['fs:read', '"fs:read" needs a target after the colon'],
    ['db:', '"db" needs a target after the colon'],
    [
      'db:../other',
      '"../other" is not a name (1-40 lower-case letters, digits and "_", starting with a letter); "db" alone grants the default one',
    ],
    ['fs:read:', '"fs:read" needs a target after the colon'],
    ['fs:read:/etc/passwd', '"/etc/passwd" is absolute; globs are relative to the workspace root'],
    ['fs:read:C:\\Users', '"C:\\Users" is absolute; globs are relative to the workspace root'],
    ['fs:write:../outside/**', '"../outside/**" leaves the workspace root with ".."'],
    ['fs:read:src/../../x', '"src/../../x" leaves the workspace root with ".."'],
    ['fs:read:!secret', '"!secret" is a negation; grant what is allowed instead'],
    ['net:exa mple.com', '"exa mple.com" is not a host name ("exa mple" is not a valid label)'],
    [
      'net:*.com',
      '"*.com" is too broad; a wildcard needs at least two labels after it, like "*.example.com", or use "net:*"',
    ],
    [
      'net:api.*.com',
      '"api.*.com": "*" is only allowed as the whole first label, like "*.example.com"',
    ],
    ['net:example.com:0', '"0" is not a port (1-65535)'],
    ['net:example.com:70000', '"70000" is not a port (1-65535)'],
    ['net:::1', '"::1" has more than one ":"; write IPv6 addresses in brackets'],
    ['net:[::g]', '"[::g]" is not an IPv6 address'],
    [
      'net:https://example.com/path',
      '"https://example.com/path" has a path; permissions grant whole hosts, e.g. "net:example.com"',
    ],
    [
      'env:MY-VAR',
      '"MY-VAR" is not an environment variable name (letters, digits and "_", not starting with a digit; no wildcards)',
    ],
    [
      'env:*',
      '"*" is not an environment variable name (letters, digits and "_", not starting with a digit; no wildcards)',
    ],
    [
      'env:STACK_SECRET_API_TOKEN',
      '"STACK_SECRET_API_TOKEN" holds a secret; read it with "secret:API_TOKEN", which the host redacts',
    ],
    [
      'env:stack_secret_x',
      '"stack_secret_x" holds a secret; read it with "secret:x", which the host redacts',
    ],
    [
      'exec:git:status,',
      '"" is not an allowed first argument (1-256 characters, no spaces, commas, wildcards or control characters)',
    ],
    [
      'exec:git:log,a b',
      '"a b" is not an allowed first argument (1-256 characters, no spaces, commas, wildcards or control characters)',
    ],
    ['secret:*', '"*" is not a secret name (letters, digits, "_", "-" and ".", no wildcards)'],
    [
      'exec:/bin/sh',
      '"/bin/sh" is not a bare command name (no paths, spaces, arguments or wildcards; allowed first arguments go after a colon, like "exec:git:status,log")',
    ],
    [
      'exec:git push',
      '"git push" is not a bare command name (no paths, spaces, arguments or wildcards; allowed first arguments go after a colon, like "exec:git:status,log")',
    ],
    [
      'events:emit:a..b',
      '"a..b" is not a topic pattern: it has an empty segment (two dots in a row, or a leading/trailing dot)',
    ],
    [
      'events:on:build*',
      '"build*" is not a topic pattern: "build*": wildcards must be a whole segment, "*" or "**"',
    ],
    ['state:other', 'it does not start with a known kind'],
  ])('rejects %j', (raw, detail) => {
    expect(tryParsePermission(raw)).toEqual({ ok: false, detail });
    let thrown: unknown;
    try {
      parsePermission(raw);
    } catch (error) {
      thrown = error;
    }
    expect(isStackPluginError(thrown) && thrown.toJSON()).toEqual({
      code: 'PERMISSION_INVALID',
      message: `"${raw}" is not a valid permission: ${detail}.`,
      hint: expect.stringMatching(/^Use one of fs:read:<glob>/),
    });
  });

  it('never throws from tryParsePermission, even for non-strings', () => {
    for (const value of [undefined, null, 42, {}, [], 'x'.repeat(5000)]) {
      expect(tryParsePermission(value).ok).toBe(false);
    }
  });
});

describe('execRequest', () => {
  it('names the first argument when an allow-list could name it', () => {
    expect(execRequest('git', ['status', '--short'])).toBe('exec:git:status');
    expect(execRequest('git', [])).toBe('exec:git');
    // Not writable in a list: only a grant without one may allow it.
    expect(execRequest('git', ['-c alias.x=!sh'])).toBe('exec:git');
    expect(execRequest('git', ['a,b'])).toBe('exec:git');
    expect(execRequest('git', ['x'.repeat(300)])).toBe('exec:git');
  });
});

describe('normalizePermission', () => {
  it.each([
    ['FS:READ:./src/', 'fs:read:src/**'],
    ['  fs:read:src//lib/./x.ts ', 'fs:read:src/lib/x.ts'],
    ['Secrets:NPM_TOKEN', 'secret:NPM_TOKEN'],
    ['net:API.GitHub.com.', 'net:api.github.com'],
    ['net:https://api.github.com', 'net:api.github.com:443'],
    ['net:http://localhost:3000/', 'net:localhost:3000'],
    ['net:example.com:*', 'net:example.com'],
    ['net:[0:0:0:0:0:0:0:1]:80', 'net:[::1]:80'],
    ['STATE:SHARED', 'state:shared'],
    ['net:Bücher.de', 'net:xn--bcher-kva.de'],
    ['net:*.bücher.de:443', 'net:*.xn--bcher-kva.de:443'],
    ['env:Path', 'env:Path'],
    ['exec:git', 'exec:git'],
    ['exec:git:push,log,push', 'exec:git:log,push'],
  ])('%j -> %j', (raw, normal) => {
    expect(normalizePermission(raw)).toBe(normal);
    // Idempotent: the normal form is its own normal form.
    expect(normalizePermission(normal)).toBe(normal);
  });

  it('throws PERMISSION_INVALID for invalid strings', () => {
    expect(() => normalizePermission('nope')).toThrowError(/"nope" is not a valid permission/);
  });
});
