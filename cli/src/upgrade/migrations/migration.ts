import type { ImportRename } from '../_rename-imports.js';

/**
 * What a kit version changed that a merge of the template cannot carry into a project: it
 * runs on every project upgraded from a version below {@link Migration.version} to it or
 * past it, after the template files are merged, on the staged copy of the project.
 */
export interface Migration {
  /** The kit version that made the change. */
  readonly version: string;
  /** One line for the summary table. */
  readonly summary: string;
  /** Named exports renamed in the kit, renamed in the author's TypeScript sources. */
  readonly importRenames?: readonly ImportRename[];
  /**
   * Run the pdk's `validate --fix` repairs on stack-plugin.json and package.json (fields the
   * kit renamed or moved, a missing `$schema`, keywords, engines), through `validatePluginDir`.
   */
  readonly fixManifest?: boolean;
}

/** Declare a migration (returns its argument, typed). */
export function defineMigration(migration: Migration): Migration {
  return migration;
}
