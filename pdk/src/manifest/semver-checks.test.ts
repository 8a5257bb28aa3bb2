import { describe, expect, it } from 'vitest';
import { isSemverRange, isSemverSubset, isSemverVersion } from './_semver-checks.js';
import { SUPPORTED_NODE_RANGE } from './manifest-constants.js';

describe('semver checks', () => {
  it('accept the forms manifests and package.json files use', () => {
    expect(isSemverVersion('1.2.0')).toBe(true);
    expect(isSemverVersion('v1.2.0')).toBe(true);
    expect(isSemverRange('^0.1.0')).toBe(true);
    expect(isSemverRange('>=22.12')).toBe(true);
    expect(isSemverRange('1.x || >=3 <4')).toBe(true);
    expect(isSemverSubset('>=22.12', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
    expect(isSemverSubset('^24.1.0', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
    expect(isSemverSubset('^22.13.0 || ^24', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
  });

  it('refuse what semver refuses', () => {
    expect(isSemverVersion('1.2')).toBe(false);
    expect(isSemverVersion('01.2.3')).toBe(false);
    expect(isSemverRange('not a range')).toBe(false);
    expect(isSemverSubset('>=20', `${SUPPORTED_NODE_RANGE}.0`)).toBe(false);
    expect(isSemverSubset('>22.11.9', `${SUPPORTED_NODE_RANGE}.0`)).toBe(false);
  });
});
