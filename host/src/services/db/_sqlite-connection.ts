import { constants, DatabaseSync, type StatementSync } from 'node:sqlite';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { hostErrors } from '../../host-errors.js';
import { MIGRATIONS_TABLE } from './db-service.js';

/** Prepared statements kept per connection (plugins repeat the same few). */
const STATEMENT_CACHE = 200;
/** Pragmas a plugin may use: schema introspection and foreign keys, nothing about files. */
const PRAGMAS = new Set([
  'foreign_keys',
  'foreign_key_list',
  'index_info',
  'index_list',
  'index_xinfo',
  'table_info',
  'table_xinfo',
  'table_list',
]);
/** Virtual table modules a plugin may create: full-text search. */
const MODULES = new Set(['fts5']);

/**
 * One plugin database: a `node:sqlite` connection whose authorizer keeps the plugin inside
 * its own file (no ATTACH, no VACUUM INTO, no file pragmas), leaves transaction control and
 * the migrations table to the host, and an open transaction that other calls wait for.
 */
export class SqliteConnection {
  readonly db: DatabaseSync;
  /** Set while the host runs its own statements (BEGIN, COMMIT, migration records). */
  #host = false;
  readonly #statements = new Map<string, StatementSync>();
  /** The open transaction; `ended` settles when it commits or rolls back. */
  unit:
    | { id: string; timer: NodeJS.Timeout | undefined; ended: Promise<void>; end: () => void }
    | undefined;

  constructor(location: string, maxBytes: number) {
    if (typeof DatabaseSync.prototype.setAuthorizer !== 'function') {
      throw createError(hostErrors.DB_CONFIG_INVALID, {
        detail: `this Node (${process.version}) has node:sqlite without setAuthorizer, which keeps a plugin inside its own database; use Node 24 or later`,
      });
    }
    this.db = new DatabaseSync(location, { enableForeignKeyConstraints: true });
    this.db.enableDefensive?.(true);
    this.db.setAuthorizer((action, a1, a2) => this.#authorize(action, a1, a2));
    this.host(() => {
      this.db.exec(`PRAGMA max_page_count = ${Math.max(16, Math.floor(maxBytes / 4096))}`);
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
    });
  }

  /** Runs `fn` as the host: transaction control and the migrations table allowed. */
  host<T>(fn: () => T): T {
    this.#host = true;
    try {
      return fn();
    } finally {
      this.#host = false;
    }
  }

  /** The one statement of `sql`, prepared (cached); a second statement is refused. */
  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      const rest = sql.slice(statement.sourceSQL.length);
      if (rest.replaceAll(';', '').trim() !== '') {
        throw createError(pdkErrors.DB_STATEMENT_REFUSED, {
          detail: 'it holds more than one statement; send one statement per call',
        });
      }
      if (this.#statements.size >= STATEMENT_CACHE) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Resolves once no transaction is open (re-checking, since a waiter may open the next). */
  async idle(): Promise<void> {
    while (this.unit !== undefined) await this.unit.ended;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  #authorize(action: number, a1: string | null, a2: string | null): number {
    const c = constants;
    switch (action) {
      case c.SQLITE_ATTACH:
      case c.SQLITE_DETACH:
        return c.SQLITE_DENY;
      case c.SQLITE_TRANSACTION:
      case c.SQLITE_SAVEPOINT:
        return this.#host ? c.SQLITE_OK : c.SQLITE_DENY;
      case c.SQLITE_PRAGMA:
        return this.#host || PRAGMAS.has((a1 ?? '').toLowerCase()) ? c.SQLITE_OK : c.SQLITE_DENY;
      case c.SQLITE_CREATE_VTABLE:
      case c.SQLITE_DROP_VTABLE:
        return MODULES.has((a2 ?? '').toLowerCase()) ? c.SQLITE_OK : c.SQLITE_DENY;
      case c.SQLITE_INSERT:
      case c.SQLITE_UPDATE:
      case c.SQLITE_DELETE:
      case c.SQLITE_DROP_TABLE:
        return this.#host || a1?.toLowerCase() !== MIGRATIONS_TABLE ? c.SQLITE_OK : c.SQLITE_DENY;
      case c.SQLITE_ALTER_TABLE:
        return this.#host || a2?.toLowerCase() !== MIGRATIONS_TABLE ? c.SQLITE_OK : c.SQLITE_DENY;
      default:
        return c.SQLITE_OK;
    }
  }
}
