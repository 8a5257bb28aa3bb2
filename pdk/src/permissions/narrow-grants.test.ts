import { describe, expect, it } from 'vitest';
import { checkGrantNarrowing, findNarrowedGrant, narrowGrants } from './narrow-grants.js';

describe('narrowGrants', () => {
  const requested = ['fs:read:**', 'fs:write:out/**', 'net:*.example.com', 'state:shared'];

  it('replaces the requested permissions of the kinds a grant names', () => {
    const grants = narrowGrants(requested, { grant: ['fs:read:data/**'] });
    expect(grants.granted).toEqual([
      'fs:write:out/**',
      'net:*.example.com',
      'state:shared',
      'fs:read:data/**',
    ]);
    expect(grants.withheld).toEqual(['fs:read:**']);
    expect(findNarrowedGrant(grants, 'fs:read:data/a.json')).toBe('fs:read:data/**');
    expect(findNarrowedGrant(grants, 'fs:read:.env')).toBeUndefined();
    expect(findNarrowedGrant(grants, 'fs:write:out/a')).toBe('fs:write:out/**');
  });

  it('never reaches beyond the manifest, whatever the grant says', () => {
    const grants = narrowGrants(['fs:read:data/**'], { grant: ['fs:read:**'] });
    expect(findNarrowedGrant(grants, 'fs:read:data/a')).toBe('fs:read:**');
    expect(findNarrowedGrant(grants, 'fs:read:src/a')).toBeUndefined();
  });

  it('denies by kind and by permission', () => {
    const byKind = narrowGrants(requested, { deny: ['net'] });
    expect(byKind.granted).not.toContain('net:*.example.com');
    expect(findNarrowedGrant(byKind, 'net:api.example.com:443')).toBeUndefined();
    const byHost = narrowGrants(requested, { deny: ['net:evil.example.com'] });
    expect(findNarrowedGrant(byHost, 'net:evil.example.com:443')).toBeUndefined();
    expect(findNarrowedGrant(byHost, 'net:api.example.com:443')).toBe('net:*.example.com');
  });

  it('narrows a kind that implies another (state:shared to state)', () => {
    const grants = narrowGrants(requested, { grant: ['state'] });
    expect(grants.granted).toContain('state');
    expect(findNarrowedGrant(grants, 'state:shared')).toBeUndefined();
    expect(findNarrowedGrant(grants, 'state')).toBe('state');
  });

  it('without narrowing is findGrant over the manifest', () => {
    const grants = narrowGrants(requested);
    expect(grants.narrowed).toBe(false);
    expect(grants.granted).toEqual(requested);
    expect(findNarrowedGrant(grants, 'fs:read:a')).toBe('fs:read:**');
  });
});

describe('checkGrantNarrowing', () => {
  it('names grants of kinds the manifest does not ask for and malformed entries', () => {
    expect(
      checkGrantNarrowing(['fs:read:**'], {
        grant: ['fs:read:data/**', 'net:example.com', 'nope'],
        deny: ['net', 'exec:git', 'bogus:x'],
      }),
    ).toEqual([
      'grant "net:example.com" narrows nothing the manifest asks for (no "net" permission)',
      expect.stringMatching(/^grant "nope" is not a permission/),
      expect.stringMatching(/^deny "bogus:x" is neither a permission kind nor a permission/),
    ]);
  });
});
