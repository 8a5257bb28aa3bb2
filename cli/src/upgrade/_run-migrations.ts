import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validatePluginDir } from '@stack-plugin/pdk/validate';
import { listFiles } from 'create-stack-plugin';
import { loadTool } from '../_load-tool.js';
import type { ImportRename } from './_rename-imports.js';
import type { Migration } from './migrations/migration.js';

/** One change a migration made to one file. */
export interface MigrationChange {
  readonly file: string;
  readonly what: string;
}

const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/**
 * Run `migrations`, oldest first, on the staged copy of a project in `dir` (which holds no
 * node_modules, dist or .git). Returns what each changed.
 */
export async function runMigrations(
  dir: string,
  migrations: readonly Migration[],
): Promise<MigrationChange[]> {
  const changes: MigrationChange[] = [];
  for (const migration of migrations) {
    if (migration.importRenames !== undefined && migration.importRenames.length > 0) {
      changes.push(...(await renameImports(dir, migration.importRenames)));
    }
    if (migration.fixManifest === true) {
      const report = await validatePluginDir(dir, { fix: true });
      for (const issue of report.fixed) {
        changes.push({
          file: issue.file,
          what: `${issue.code}${issue.path === '' ? '' : ` at ${issue.path}`}`,
        });
      }
    }
  }
  return changes;
}

async function renameImports(
  dir: string,
  renames: readonly ImportRename[],
): Promise<MigrationChange[]> {
  const changes: MigrationChange[] = [];
  // The compiler is loaded only when a source names a module with renames: 205-233 ms of
  // import (Node 24, 2 loaded cores), which an upgrade with nothing to rename should not pay.
  let ts: typeof import('typescript') | undefined;
  for (const file of (await listFiles(dir)).filter((f) => SOURCE.test(f))) {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8');
    if (!renames.some((r) => text.includes(r.module))) continue;
    ts ??= (await loadTool('typescript', 'upgrade', () => import('typescript'))).default;
    const { renameImportsInSource } = await import('./_rename-imports.js');
    const next = renameImportsInSource(ts, file, text, renames);
    if (next === undefined) continue;
    await writeFile(path, next.text);
    changes.push({ file, what: next.applied.map((r) => `${r.from} -> ${r.to}`).join(', ') });
  }
  return changes;
}
