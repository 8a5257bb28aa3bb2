import { describe, expect, test } from 'vitest';
import { diffManifests } from './manifest-diff.js';

const base = {
  category: 'integration',
  host: '^1.0.0',
  isolation: 'limited',
  permissions: ['state'],
  config: {
    type: 'object',
    required: ['city'],
    properties: { city: { type: 'string' }, days: { type: 'integer' } },
  },
  contributes: {
    commands: [
      { id: 'forecast', input: { type: 'object', properties: { days: { type: 'integer' } } } },
    ],
  },
};
const diff = (after: Record<string, unknown>) =>
  diffManifests(base, { ...base, ...after }).map(
    (c) => `${c.bump}${c.security ? ' [security]' : ''}: ${c.description}`,
  );

describe('diffManifests', () => {
  test('the same manifest has no changes', () => {
    expect(diffManifests(base, structuredClone(base))).toEqual([]);
  });

  test('a new permission is minor and security-relevant; a dropped one a patch', () => {
    expect(diff({ permissions: ['state', 'net:*'] })).toEqual([
      'minor [security]: new permission net:* (risk high): Connect to any host on the network or internet (any port) and send it data.',
    ]);
    expect(diff({ permissions: [] })).toEqual(['patch: dropped permission state']);
  });

  test('contributions: removed is major, added minor, changed schema major, changed text patch', () => {
    expect(diff({ contributes: { commands: [] } })).toEqual(['major: removed commands forecast']);
    expect(
      diff({ contributes: { commands: [...base.contributes.commands, { id: 'now' }] } }),
    ).toEqual(['minor: added commands now']);
    expect(
      diff({
        contributes: {
          commands: [
            { id: 'forecast', input: { type: 'object', properties: { days: { type: 'string' } } } },
          ],
        },
      }),
    ).toEqual(['major: changed commands forecast input property days']);
    expect(
      diff({
        contributes: {
          commands: [{ ...base.contributes.commands[0], description: 'Now with words.' }],
        },
      }),
    ).toEqual(['patch: changed the description of commands forecast']);
  });

  test('configuration: new required value is major, new optional value minor', () => {
    const properties = { ...base.config.properties, units: { type: 'string' } };
    expect(diff({ config: { ...base.config, properties } })).toEqual([
      'minor: added optional configuration property units',
    ]);
    expect(diff({ config: { ...base.config, properties, required: ['city', 'units'] } })).toEqual([
      'major: added required configuration property units',
    ]);
    expect(diff({ config: { ...base.config, required: ['city', 'days'] } })).toEqual([
      'major: made configuration property days required',
    ]);
  });

  test('host range, requires and isolation', () => {
    expect(diff({ host: '^2.0.0' })).toEqual([
      'major: host API range changed from ^1.0.0 to ^2.0.0',
    ]);
    expect(diff({ requires: { '@acme/base': '^1.0.0' } })).toEqual([
      'major: now requires plugin @acme/base ^1.0.0',
    ]);
    expect(diff({ isolation: 'strict' })).toEqual(['major: needs isolation strict (was limited)']);
    expect(diff({ isolation: 'none' })).toEqual([
      'minor [security]: accepts weaker isolation none (was limited)',
    ]);
  });
});
