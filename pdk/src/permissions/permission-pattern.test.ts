import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tryParsePermission } from './parse-permission.js';
import { permissionPattern } from './permission-pattern.js';

const published = JSON.parse(
  readFileSync(new URL('../../schema/stack-plugin.schema.json', import.meta.url), 'utf8'),
) as { properties: { permissions: { items: { pattern: string } } } };

const samples = [
  'fs:read:src/**',
  'FS:READ:docs/*.md',
  'fs:write:**',
  ' net:api.github.com ',
  'net:*.example.com:8443',
  'env:HOME',
  'secret:GITHUB_TOKEN',
  'secrets:GITHUB_TOKEN',
  'exec:git',
  'events:emit:notes.*',
  'events:on:**',
  'state',
  'State:Shared',
  // Typos and missing targets the editor should flag.
  'fs:wirte:src/**',
  'fs:read',
  'fs:read:',
  'nett:example.com',
  'net',
  'state:everything',
  'events:emit',
  'exec:',
  'permission',
];

describe('the permission pattern of the published JSON Schema', () => {
  it('is the one derived from the capability table', () => {
    expect(published.properties.permissions.items.pattern).toBe(permissionPattern());
  });

  // The pattern checks kinds only; the parser also checks each target. So every permission
  // the parser accepts must match, and a string that does not match must be refused by it.
  it.each(samples)('agrees with the parser on %j', (raw) => {
    const matches = new RegExp(permissionPattern(), 'u').test(raw);
    if (tryParsePermission(raw).ok) expect(matches).toBe(true);
    if (!matches) expect(tryParsePermission(raw).ok).toBe(false);
  });

  it('flags a misspelt kind and a kind without its target', () => {
    const pattern = new RegExp(permissionPattern(), 'u');
    expect(
      ['fs:wirte:src/**', 'nett:x', 'fs:read', 'net', 'state:x'].filter((p) => pattern.test(p)),
    ).toEqual([]);
  });
});
