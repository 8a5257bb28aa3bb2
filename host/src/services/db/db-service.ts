import { createHash } from 'node:crypto';
import { createError, pdkErrors } from '@stack-plugin/pdk';

/** One row of a result: column name to a structured-clonable value. */
export type DbRow = Record<string, unknown>;

/** What `execute` resolves with, alike on every engine. */
export interface DbExecuteResult {
  /** Rows inserted, updated or deleted. */
  readonly changes: number;
}

/** One migration a plugin ships: its file name without `.sql`, and its SQL. */
export interface DbMigration {
  readonly id: string;
  readonly sql: string;
}

/**
 * The host side of `ctx.db`: one database (SQLite) or schema (PostgreSQL) per plugin and
 * database name ('' is the default one), which no other plugin can reach. Every wire method
 * takes the calling plugin and the database first (the broker checked `db`/`db:<name>`);
 * `unit` is a transaction id from `transaction`. `migrate` is the host's, called on activate.
 */
export interface DbService {
  /** `sqlite` or `postgresql`. */
  readonly engine: string;
  query(
    plugin: string,
    database: string,
    sql: unknown,
    params?: unknown,
    unit?: unknown,
  ): Promise<DbRow[]>;
  execute(
    plugin: string,
    database: string,
    sql: unknown,
    params?: unknown,
    unit?: unknown,
  ): Promise<DbExecuteResult>;
  /** Opens a transaction (`ctx.db.transaction`) and resolves with its id. */
  transaction(plugin: string, database: string): Promise<string>;
  commit(plugin: string, database: string, unit: unknown): Promise<void>;
  rollback(plugin: string, database: string, unit: unknown): Promise<void>;
  /**
   * Applies the migrations not applied before, in order, each in its own transaction, and
   * records them; resolves with the ids applied now. An applied one whose SQL changed is
   * `DB_MIGRATION_CHANGED`; a failing one `DB_MIGRATION_FAILED` (rolled back).
   */
  migrate(plugin: string, database: string, migrations: readonly DbMigration[]): Promise<string[]>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** A parameter value both engines bind the same way. */
export type DbParam = null | number | string | boolean | Uint8Array;

/** Most characters of one statement, and most parameters of one call. */
const SQL_LIMIT = 100_000;
const PARAMS_LIMIT = 1000;

/**
 * The statement and parameters of one call, checked alike for every engine: one SQL string
 * and an array of plain values (undefined or null params are none). Values are bound by the
 * engine, never spliced into the SQL, which is what makes injection through them inert.
 */
export function checkStatement(
  engine: string,
  sql: unknown,
  params: unknown,
): { sql: string; params: DbParam[] } {
  const fail = (detail: string) => createError(pdkErrors.DB_QUERY_FAILED, { engine, detail });
  if (typeof sql !== 'string' || sql.trim() === '')
    throw fail('the SQL must be a non-empty string');
  if (sql.length > SQL_LIMIT) throw fail(`the SQL is longer than ${SQL_LIMIT} characters`);
  const list = params === undefined || params === null ? [] : params;
  if (!Array.isArray(list)) throw fail('params must be an array of values for $1, $2, ...');
  if (list.length > PARAMS_LIMIT) throw fail(`more than ${PARAMS_LIMIT} parameters`);
  list.forEach((value, i) => {
    const ok =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      value instanceof Uint8Array;
    if (!ok) {
      const kind =
        value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : typeof value;
      throw fail(
        `parameter $${i + 1} is ${kind}; use null, a finite number, a string, a boolean or a Uint8Array`,
      );
    }
  });
  return { sql, params: list as DbParam[] };
}

/** The checksum recorded with an applied migration. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

/** The table each database records its applied migrations in; plugins may read, not write it. */
export const MIGRATIONS_TABLE = 'stack_migrations';

/** Migration ids: what a file name may be, and the order they run in (numbered first). */
export const MIGRATION_ID = /^(\d{1,9})[-_][A-Za-z0-9_.-]{0,100}$/;

/** How long an open transaction may sit without a statement before the host rolls it back. */
export const TRANSACTION_IDLE_MS = 30_000;
