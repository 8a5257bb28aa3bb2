import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createError,
  findGrant,
  normalizeWorkspacePath,
  type PluginPackage,
  pdkErrors,
} from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import { type DbMigration, type DbService, MIGRATION_ID } from '../services/db/db-service.js';
import type { CapabilityService } from '../services/host-services.js';

/**
 * Applies the migrations a plugin's manifest names (`db.migrations` for its default database,
 * `db.databases.<name>.migrations` for named ones) before its `activate`, through the host's
 * db service, which records them and never runs an applied one again. Files are read from the
 * verified package bytes when the package is checked, so what runs is what was verified.
 * Resolves with the ids applied now, by database (`default` for the unnamed one).
 */
export async function applyMigrations(
  pkg: PluginPackage,
  files: ReadonlyMap<string, Uint8Array> | undefined,
  db: CapabilityService | undefined,
): Promise<Record<string, string[]>> {
  const declared = pkg.manifest.db;
  if (declared === undefined) return {};
  const folders: Array<[database: string, folder: string]> = [];
  if (declared.migrations !== undefined) folders.push(['', declared.migrations]);
  for (const [name, entry] of Object.entries(declared.databases ?? {})) {
    folders.push([name, entry.migrations]);
  }
  const applied: Record<string, string[]> = {};
  for (const [database, folder] of folders) {
    const label = database === '' ? 'default' : database;
    const permission = database === '' ? 'db' : `db:${database}`;
    // The manifest's permissions are its grants (the host config may only narrow them).
    if (findGrant(pkg.manifest.permissions ?? [], permission) === undefined) {
      throw createError(
        pdkErrors.PERMISSION_DENIED,
        { plugin: pkg.name, action: `migrate the database "${label}"`, permission },
        { plugin: pkg.name },
      );
    }
    const service = db as Partial<DbService> | undefined;
    if (service?.migrate === undefined) {
      throw createError(hostErrors.DB_CONFIG_INVALID, {
        detail: `"${pkg.name}" declares migrations, and this host provides no db service`,
      });
    }
    const migrations = await readMigrations(pkg, files, folder, label);
    applied[label] = await service.migrate(pkg.name, database, migrations);
  }
  return applied;
}

/** The `.sql` files directly in `folder`, ordered by their numbers (`10-x` after `2-y`). */
async function readMigrations(
  pkg: PluginPackage,
  files: ReadonlyMap<string, Uint8Array> | undefined,
  folder: string,
  database: string,
): Promise<DbMigration[]> {
  const fail = (migration: string, detail: string) =>
    createError(
      hostErrors.DB_MIGRATION_FAILED,
      { plugin: pkg.name, migration, database, detail },
      { plugin: pkg.name },
    );
  // The one path rule of the kit: no absolute paths and no `..`, so the folder is the package's.
  const normal = normalizeWorkspacePath(folder);
  if ('error' in normal) {
    throw fail(folder, `the folder is not a path inside the package (${normal.error})`);
  }
  const base = normal.path;
  const prefix = base === '.' || base === '' ? '' : `${base}/`;
  let entries: Array<[name: string, read: () => Promise<string>]>;
  if (files !== undefined) {
    const decoder = new TextDecoder();
    entries = [...files.keys()]
      .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .map((path) => [path.slice(prefix.length), async () => decoder.decode(files.get(path))]);
  } else {
    const dir = join(pkg.dir, base);
    const names = await readdir(dir).catch(() => {
      throw fail(folder, `the folder "${folder}" does not exist in the package`);
    });
    entries = names.map((name) => [name, () => readFile(join(dir, name), 'utf8')]);
  }
  const migrations: Array<DbMigration & { n: number }> = [];
  for (const [name, read] of entries.filter(([name]) => name.endsWith('.sql'))) {
    const id = name.slice(0, -'.sql'.length);
    const match = MIGRATION_ID.exec(id);
    if (match === null) {
      throw fail(name, 'migration files are named <number>-<name>.sql, like 001-create-notes.sql');
    }
    migrations.push({ id, sql: await read(), n: Number(match[1]) });
  }
  migrations.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
  const twice = migrations.find((m, i) => i > 0 && migrations[i - 1]?.n === m.n);
  if (twice !== undefined) {
    throw fail(twice.id, `two migrations have the number ${twice.n}; give each its own`);
  }
  return migrations.map(({ id, sql }) => ({ id, sql }));
}
