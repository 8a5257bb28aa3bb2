import type * as Semver from 'semver';
import { lazyRequire } from './_lazy-require.js';

/** semver, loaded on first use (see {@link lazyRequire}). */
export const semver: () => typeof Semver = lazyRequire<typeof Semver>('semver');
