import { describe, expect, it } from 'vitest';
import { describePermission } from './describe-permission.js';
import { PERMISSION_KINDS } from './permission.js';

describe('describePermission', () => {
  it.each<[string, string, string | undefined]>([
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
    [
      'exec:git',
      'critical',
      '"git" runs arbitrary code (options, aliases, hooks or scripts); list the subcommands the plugin needs, e.g. "exec:git:status,log"',
    ],
    ['exec:git:status,log,commit,tag,push', 'high', undefined],
    [
      'exec:git:status,config',
      'critical',
      '"git" with first argument "config" or "status" runs arbitrary code (options, aliases, hooks or scripts); list the subcommands the plugin needs, e.g. "exec:git:status,log"',
    ],
    [
      'exec:git:-c',
      'critical',
      '"git" with first argument "-c" runs arbitrary code (options, aliases, hooks or scripts); list the subcommands the plugin needs, e.g. "exec:git:status,log"',
    ],
    ['exec:npm:view', 'high', undefined],
    ['exec:rg', 'high', undefined],
    ...['find', 'awk', 'sh', 'python', 'env', 'xargs', 'tar'].map(
      (program) =>
        [
          `exec:${program}:x`,
          'critical',
          `"${program}" runs arbitrary code; grant the specific tools the plugin needs`,
        ] as [string, string, string],
    ),
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
    ['db', 'low', undefined],
    ['db:reports', 'low', undefined],
    ['metrics:read', 'medium', undefined],
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
      exec: 'exec:git:log,status',
      'events:emit': 'events:emit:build.done',
      'events:on': 'events:on:build.*',
      state: 'state',
      'state:shared': 'state:shared',
      'metrics:read': 'metrics:read',
      db: 'db:reports',
    };
    expect(PERMISSION_KINDS.map((kind) => describePermission(samples[kind]).summary)).toEqual([
      'Read files in the workspace matching "docs/**".',
      'Create, change and delete workspace files matching "out/**".',
      'Make network requests to any subdomain of example.com (port 8443).',
      'Read the environment variable CI.',
      'Read the secret NPM_TOKEN; the host redacts it from logs and errors.',
      'Run "git" with first argument "log" or "status" (without a shell) with your user\'s rights; the repository\'s own hooks and settings still apply.',
      'Publish "build.done" events.',
      'Listen to events on topics matching "build.*".',
      'Keep its own data between runs.',
      'Read and change data shared by all plugins, as well as keep its own.',
      'Keep its own SQL database "reports", which no other plugin can read.',
      'See which plugins the host runs, their states, call counts, latencies, errors and recorded metrics.',
    ]);
  });

  // Every spelling that reaches what `**` reaches rates like `**`: rated by the matcher.
  it.each([
    '**',
    '**/**',
    '**/*',
    './**',
    '**/',
    '**/**/**',
    '{**,src/**}',
    '@(**)',
    '+(**)',
    '**/{*,.*}',
    '{**/*,**}',
  ])('%s rates like ** for reading and writing', (glob) => {
    expect([describePermission(`fs:read:${glob}`), describePermission(`fs:write:${glob}`)]).toEqual(
      [describePermission('fs:read:**'), describePermission('fs:write:**')],
    );
  });

  it('rates globs reaching secrets or executed files by what they reach', () => {
    const rate = (raw: string) => describePermission(raw).risk;
    expect(['fs:read:**/.env', 'fs:read:*', 'fs:read:.git/**'].map(rate)).toEqual([
      'high',
      'high',
      'high',
    ]);
    expect(['fs:write:*.json', 'fs:write:.git/hooks/*', 'fs:write:.github/**'].map(rate)).toEqual([
      'critical',
      'critical',
      'critical',
    ]);
    expect(['fs:read:src/**', 'fs:write:dist/**', 'fs:write:**/*.md'].map(rate)).toEqual([
      'low',
      'medium',
      'medium',
    ]);
  });

  it('describes invalid strings without throwing', () => {
    expect(describePermission('bogus')).toEqual({
      risk: 'high',
      summary: 'Not a valid permission (it does not start with a known kind); it grants nothing.',
    });
  });
});
