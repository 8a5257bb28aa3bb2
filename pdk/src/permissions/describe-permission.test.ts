import { describe, expect, it } from 'vitest';
import { describePermission } from './describe-permission.js';
import { PERMISSION_KINDS } from './permission.js';

describe('describePermission', () => {
  it.each([
    ['fs:read:src/**', 'low', undefined],
    ['fs:read:**', 'high', 'reads every file in the workspace, including secrets kept in dotfiles'],
    ['fs:write:dist/**', 'medium', undefined],
    [
      'fs:write:**',
      'critical',
      'may overwrite any file, including scripts that other tools execute',
    ],
    ['net:api.github.com', 'medium', undefined],
    ['net:*', 'high', 'may send data anywhere; list the hosts the plugin talks to instead'],
    ['env:HOME', 'low', undefined],
    ['secret:TOKEN', 'medium', undefined],
    ['exec:git', 'high', undefined],
    [
      'exec:bash',
      'critical',
      '"bash" runs arbitrary code; grant the specific tools the plugin needs',
    ],
    [
      'exec:node',
      'critical',
      '"node" runs arbitrary code; grant the specific tools the plugin needs',
    ],
    ['events:emit:notes.created', 'low', undefined],
    ['events:emit:**', 'medium', undefined],
    ['events:on:**', 'low', undefined],
    ['state', 'low', undefined],
    ['state:shared', 'medium', undefined],
  ])('%s is %s risk', (raw, risk, warning) => {
    const description = describePermission(raw);
    expect(description.risk).toBe(risk);
    expect(description.warning).toBe(warning);
    expect(description.summary).toMatch(/^[A-Z].*\.$/);
  });

  it('explains every kind in plain words', () => {
    const samples: Record<(typeof PERMISSION_KINDS)[number], string> = {
      'fs:read': 'fs:read:docs/**',
      'fs:write': 'fs:write:out/**',
      net: 'net:*.example.com:8443',
      env: 'env:CI',
      secret: 'secret:NPM_TOKEN',
      exec: 'exec:git',
      'events:emit': 'events:emit:build.done',
      'events:on': 'events:on:build.*',
      state: 'state',
      'state:shared': 'state:shared',
    };
    expect(PERMISSION_KINDS.map((kind) => describePermission(samples[kind]).summary)).toEqual([
      'Read files in the workspace matching "docs/**".',
      'Create, change and delete workspace files matching "out/**".',
      'Make network requests to any subdomain of example.com (port 8443).',
      'Read the environment variable CI.',
      'Read the secret NPM_TOKEN; the host redacts it from logs and errors.',
      'Run the program "git" (without a shell) with your user\'s rights.',
      'Publish "build.done" events.',
      'Listen to events on topics matching "build.*".',
      'Keep its own data between runs.',
      'Read and change data shared by all plugins, as well as keep its own.',
    ]);
  });

  it('describes invalid strings without throwing', () => {
    expect(describePermission('bogus')).toEqual({
      risk: 'high',
      summary: 'Not a valid permission (it does not start with a known kind); it grants nothing.',
    });
  });
});
