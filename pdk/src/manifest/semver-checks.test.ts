import { createRequire } from 'node:module';
import fc from 'fast-check';
import type * as Semver from 'semver';
import { describe, expect, it } from 'vitest';
import { isSemverRange, isSemverSubset, isSemverVersion } from './_semver-checks.js';
import { SUPPORTED_NODE_RANGE } from './manifest-constants.js';

const semver = createRequire(import.meta.url)('semver') as typeof Semver;

/** Version-like text: operators, numbers with leading zeros or beyond 2^53, partial versions. */
const versionLike = fc
  .tuple(
    fc.constantFrom('', '^', '~', '>=', '>', '<=', '<', '=', 'v', ' ', '^ ', '~>'),
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 30 }).map(String),
        fc.constantFrom('00', '01', 'x', '*', '9007199254740993', '999999999999999'),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.constantFrom('', '-rc.1', '+build', ' ', ' || 2'),
  )
  .map(([op, parts, suffix]) => `${op}${parts.join('.')}${suffix}`);

describe('semver checks', () => {
  it('answer plain forms without semver, as semver does', () => {
    expect(isSemverVersion('1.2.0')).toBe(true);
    expect(isSemverRange('^0.1.0')).toBe(true);
    expect(isSemverRange('>=22.12')).toBe(true);
    expect(isSemverSubset('>=22.12', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
    expect(isSemverSubset('^24.1.0', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
  });

  it('defer to semver for the rest', () => {
    expect(isSemverVersion('v1.2.0')).toBe(true);
    expect(isSemverVersion('1.2')).toBe(false);
    expect(isSemverRange('1.x || >=3 <4')).toBe(true);
    expect(isSemverRange('not a range')).toBe(false);
    expect(isSemverSubset('>=20', `${SUPPORTED_NODE_RANGE}.0`)).toBe(false);
    expect(isSemverSubset('^22.13.0 || ^24', `${SUPPORTED_NODE_RANGE}.0`)).toBe(true);
    expect(isSemverSubset('>22.11.9', `${SUPPORTED_NODE_RANGE}.0`)).toBe(false);
  });

  it('agree with semver on any version-like text', () => {
    fc.assert(
      fc.property(versionLike, fc.constantFrom('>=22.12.0', '>=22.12', '>=1.0.0'), (text, of) => {
        expect(isSemverVersion(text), text).toBe(semver.valid(text) !== null);
        expect(isSemverRange(text), text).toBe(semver.validRange(text) !== null);
        if (semver.validRange(text) !== null) {
          expect(isSemverSubset(text, of), `${text} in ${of}`).toBe(semver.subset(text, of));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
