import type * as Semver from 'semver';
import { lazyRequire } from '../_lazy-require.js';

// Each function from its own module, on first use: semver's entry point loads all of its
// ~47 files, twice as many as these three need.
const valid = lazyRequire<typeof Semver.valid>('semver/functions/valid');
const validRange = lazyRequire<typeof Semver.validRange>('semver/ranges/valid');
const subset = lazyRequire<typeof Semver.subset>('semver/ranges/subset');

/** Whether `version` is a valid semver version (as `semver.valid`). */
export function isSemverVersion(version: string): boolean {
  return valid()(version) !== null;
}

/** Whether `range` is a valid semver range (as `semver.validRange`). */
export function isSemverRange(range: string): boolean {
  return validRange()(range) !== null;
}

/**
 * Whether every version `range` allows is also allowed by the range `of` (as
 * `semver.subset`).
 */
export function isSemverSubset(range: string, of: string): boolean {
  return subset()(range, of);
}
