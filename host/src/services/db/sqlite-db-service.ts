import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SQLInputValue } from 'node:sqlite';
import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';
import { hostErrors } from '../../host-errors.js';
import { SqliteConnection } from './_sqlite-connection.js';
import {
  checkStatement,
  type DbMigration,
  type DbParam,
  type DbRow,
  type DbService,
  MIGRATIONS_TABLE,
  migrationChecksum,
  TRANSACTION_IDLE_MS,
} from './db-service.js';

/** Options of {@link createSqliteDbService}. */
export interface SqliteDbServiceOptions {
  /**
   * Folder of the database files (`<dir>/<plugin>/<database>.sqlite`), or `:memory:` for
   * in-memory databases that live as long as the service (the test harness's).
   */
  readonly dir: string;
  /** Most bytes one database file may grow to (default 256 MiB). */
  readonly maxBytes?: number;
  /** How long a transaction may sit idle before it is rolled back (default 30 s). */
  readonly transactionIdleMs?: number;
}

const ENGINE = 'sqlite';

/**
 * `ctx.db` on Node's built-in SQLite (`node:sqlite`), nothing to install: one file per plugin
 * and database under the host's data folder, so a plugin's SQL can only name its own tables
 * (the connection's authorizer refuses ATTACH and file pragmas). Statements run
 * synchronously on the host's thread, one connection per database; a transaction holds its
 * database until it ends, and other calls to that database wait for it.
 */
export function createSqliteDbService(options: SqliteDbServiceOptions): DbService {
  const connections = new Map<string, SqliteConnection>();
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const idleMs = options.transactionIdleMs ?? TRANSACTION_IDLE_MS;

  const open = (plugin: string, database: string): SqliteConnection => {
    const key = `${plugin}\0${database}`;
    let connection = connections.get(key);
    if (connection === undefined) {
      let location = ':memory:';
      if (options.dir !== ':memory:') {
        // Plugin names may hold `@` and `/`; encoded, every plugin gets one folder of its own.
        const folder = join(options.dir, encodeURIComponent(plugin));
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        location = join(folder, `${database === '' ? 'default' : database}.sqlite`);
      }
      connection = new SqliteConnection(location, maxBytes);
      connections.set(key, connection);
    }
    return connection;
  };

  /** The connection, once it is free for `unit` (the open transaction's id, or none). */
  const ready = async (plugin: string, database: string, unit: unknown) => {
    const connection = open(plugin, database);
    if (unit === undefined || unit === null) {
      await connection.idle();
    } else {
      if (connection.unit?.id !== unit) {
        throw createError(pdkErrors.DB_TRANSACTION_UNKNOWN, {
          transaction: String(unit),
          database: database || 'default',
          idleMs,
        });
      }
      arm(connection);
    }
    return connection;
  };

  // An abandoned transaction (a plugin that crashed or never returned) must not hold the
  // database for ever: it is rolled back after `idleMs` without a statement.
  const arm = (connection: SqliteConnection) => {
    const unit = connection.unit;
    if (unit === undefined) return;
    if (unit.timer !== undefined) clearTimeout(unit.timer);
    unit.timer = setTimeout(() => end(connection, 'ROLLBACK'), idleMs);
    unit.timer.unref();
  };

  const end = (connection: SqliteConnection, statement: 'COMMIT' | 'ROLLBACK') => {
    const unit = connection.unit;
    if (unit === undefined) return;
    if (unit.timer !== undefined) clearTimeout(unit.timer);
    connection.unit = undefined;
    try {
      if (connection.db.isOpen && connection.db.isTransaction)
        connection.host(() => connection.db.exec(statement));
    } finally {
      unit.end();
    }
  };

  const run = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw toDbError(error);
    }
  };

  return {
    engine: ENGINE,
    async query(plugin, database, sql, params, unit): Promise<DbRow[]> {
      const statement = checkStatement(ENGINE, sql, params);
      const connection = await ready(plugin, database, unit);
      return run(() => {
        const prepared = connection.prepare(statement.sql);
        return prepared.all(bind(statement.params)).map((row) => ({ ...row }));
      });
    },
    async execute(plugin, database, sql, params, unit) {
      const statement = checkStatement(ENGINE, sql, params);
      const connection = await ready(plugin, database, unit);
      return run(() => {
        const prepared = connection.prepare(statement.sql);
        return { changes: Number(prepared.run(bind(statement.params)).changes) };
      });
    },
    async transaction(plugin, database) {
      const connection = await ready(plugin, database, undefined);
      run(() => connection.host(() => connection.db.exec('BEGIN IMMEDIATE')));
      let endUnit = () => {};
      const ended = new Promise<void>((resolve) => {
        endUnit = resolve;
      });
      connection.unit = { id: randomUUID(), timer: undefined, ended, end: endUnit };
      arm(connection);
      return connection.unit.id;
    },
    async commit(plugin, database, unit) {
      const connection = await ready(plugin, database, unit);
      run(() => end(connection, 'COMMIT'));
    },
    async rollback(plugin, database, unit) {
      const connection = await ready(plugin, database, unit);
      run(() => end(connection, 'ROLLBACK'));
    },
    async migrate(plugin, database, migrations: readonly DbMigration[]) {
      const connection = open(plugin, database);
      await connection.idle();
      const db = connection.db;
      const recorded = new Map(
        db
          .prepare(`SELECT id, checksum FROM ${MIGRATIONS_TABLE}`)
          .all()
          .map((row) => [String(row.id), String(row.checksum)]),
      );
      const applied: string[] = [];
      for (const migration of migrations) {
        const checksum = migrationChecksum(migration.sql);
        const before = recorded.get(migration.id);
        const name = database || 'default';
        if (before !== undefined) {
          if (before !== checksum) {
            throw createError(hostErrors.DB_MIGRATION_CHANGED, {
              plugin,
              migration: migration.id,
              database: name,
              recorded: before,
              actual: checksum,
            });
          }
          continue;
        }
        connection.host(() => db.exec('BEGIN IMMEDIATE'));
        try {
          // The migration's own SQL runs under the plugin's rules (no ATTACH, no BEGIN).
          db.exec(migration.sql);
          connection.host(() => {
            db.prepare(
              `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, applied_at) VALUES (?, ?, ?)`,
            ).run(migration.id, checksum, new Date().toISOString());
            db.exec('COMMIT');
          });
        } catch (error) {
          if (db.isTransaction) connection.host(() => db.exec('ROLLBACK'));
          throw createError(
            hostErrors.DB_MIGRATION_FAILED,
            { plugin, migration: migration.id, database: name, detail: (error as Error).message },
            { cause: error },
          );
        }
        applied.push(migration.id);
      }
      return applied;
    },
    async close() {
      for (const connection of connections.values()) {
        end(connection, 'ROLLBACK');
        connection.close();
      }
      connections.clear();
    },
  };
}

/** `$1, $2, ...` bound by name, the placeholders PostgreSQL uses, so SQL is portable. */
function bind(params: readonly DbParam[]): Record<string, SQLInputValue> {
  const named: Record<string, SQLInputValue> = {};
  params.forEach((value, i) => {
    named[`$${i + 1}`] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
  return named;
}

function toDbError(error: unknown) {
  if (isStackPluginError(error)) return error;
  const e = error as { message?: string; errstr?: string };
  const detail = String(e.message ?? error);
  if (e.errstr === 'authorization denied' || /not authorized/.test(detail)) {
    return createError(
      pdkErrors.DB_STATEMENT_REFUSED,
      { detail: `${detail} (outside what a plugin's own database allows)` },
      { cause: error },
    );
  }
  return createError(pdkErrors.DB_QUERY_FAILED, { engine: ENGINE, detail }, { cause: error });
}
