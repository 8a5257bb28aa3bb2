import semver from 'semver';
import type { Migration } from './migration.js';

/**
 * One module per kit version that needs a migration, version -> lazy loader. A module is
 * imported only when a project is upgraded across its version.
 */
export const MIGRATIONS: Readonly<Record<string, () => Promise<{ default: Migration }>>> = {
  '0.1.0': () => import('./0.1.0.js'),
};

/** The migrations of the versions after `from` up to and including `to`, oldest first. */
export async function migrationsBetween(from: string, to: string): Promise<Migration[]> {
  const versions = Object.keys(MIGRATIONS)
    .filter((v) => semver.gt(v, from) && semver.lte(v, to))
    .sort(semver.compare);
  const modules = await Promise.all(versions.map((v) => MIGRATIONS[v]?.() ?? Promise.reject()));
  return modules.map((m) => m.default);
}
