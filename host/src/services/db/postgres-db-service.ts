import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import pg from 'pg';
import { hostErrors } from '../../host-errors.js';
import {
  asRole,
  configError,
  ENGINE,
  ignoreDuplicate,
  plainRow,
  roleName,
  toDbError,
  types,
} from './_postgres-values.js';
import {
  checkStatement,
  type DbMigration,
  type DbRow,
  type DbService,
  migrationChecksum,
  TRANSACTION_IDLE_MS,
} from './db-service.js';

/** Options of {@link createPostgresDbService}. */
export interface PostgresDbServiceOptions {
  /**
   * `postgres://user:password@host:port/database` of a role that may create roles and schemas
   * (stack.config.json `db.url`); plugins never use it, each gets a login role of its own.
   */
  readonly url: string;
  /** Connections per plugin database (default 4). */
  readonly poolSize?: number;
  /** How long a transaction may sit idle before it is rolled back (default 30 s). */
  readonly transactionIdleMs?: number;
}

/** The host's own schema: which migrations each plugin schema has applied. No plugin role can reach it. */
const HOST_SCHEMA = 'stack_host';
/** Statements a plugin may not send: transaction control (use transaction(fn)) and session state. */
const REFUSED =
  /^(?:begin|start|commit|end|rollback|abort|savepoint|release|prepare|set|reset|discard)\b/i;

interface PluginDatabase {
  readonly role: string;
  readonly pool: pg.Pool;
}

interface Unit {
  readonly key: string;
  readonly client: pg.PoolClient;
  timer: NodeJS.Timeout | undefined;
  /** Settles when the transaction ends, however it ends. */
  readonly ended: Promise<void>;
  readonly end: () => void;
}

/**
 * `ctx.db` on PostgreSQL through `pg`: every plugin database is a schema owned by a login role
 * of its own, which holds no privilege on any other schema, so a plugin's SQL can only reach
 * its own tables. The host's role (from stack.config.json) creates roles and schemas and keeps
 * the migration records in a schema no plugin role can use. As on SQLite, an open transaction
 * holds its database: other calls to it wait until it ends, so every engine reads alike.
 */
export function createPostgresDbService(options: PostgresDbServiceOptions): DbService {
  const admin = new pg.Pool({ connectionString: options.url, max: 2, types });
  const databases = new Map<string, Promise<PluginDatabase>>();
  const units = new Map<string, Unit>();
  /** The open transaction of each plugin database (by key), which other calls wait for. */
  const holding = new Map<string, Unit>();
  const idleMs = options.transactionIdleMs ?? TRANSACTION_IDLE_MS;
  let hostSchema: Promise<void> | undefined;
  /** Key of the plugin roles' passwords, kept in the host schema (see `provision`). */
  let roleKey = '';
  /** The server's database of `url`: role names include it, so hosts sharing a server do not collide. */
  let serverDatabase = '';

  const idle = async (key: string) => {
    for (let unit = holding.get(key); unit !== undefined; unit = holding.get(key)) {
      await unit.ended;
    }
  };

  const ensureHostSchema = () => {
    hostSchema ??= (async () => {
      serverDatabase = String(
        (await admin.query('SELECT current_database() AS name')).rows[0]?.name ?? '',
      );
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${HOST_SCHEMA}`);
      await admin.query(
        `CREATE TABLE IF NOT EXISTS ${HOST_SCHEMA}.migrations (owner TEXT NOT NULL, id TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (owner, id))`,
      );
      await admin.query(`REVOKE ALL ON SCHEMA ${HOST_SCHEMA} FROM PUBLIC`);
      await admin.query(
        `CREATE TABLE IF NOT EXISTS ${HOST_SCHEMA}.settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      );
      await admin.query(
        `INSERT INTO ${HOST_SCHEMA}.settings VALUES ('role-key', $1) ON CONFLICT (name) DO NOTHING`,
        [randomBytes(32).toString('hex')],
      );
      const key = await admin.query(
        `SELECT value FROM ${HOST_SCHEMA}.settings WHERE name = 'role-key'`,
      );
      roleKey = String(key.rows[0]?.value);
    })().catch((error) => {
      hostSchema = undefined;
      throw configError(error);
    });
    return hostSchema;
  };

  const open = (plugin: string, database: string): Promise<PluginDatabase> => {
    const key = `${plugin}\0${database}`;
    let opened = databases.get(key);
    if (opened === undefined) {
      opened = provision(plugin, database);
      databases.set(key, opened);
      opened.catch(() => databases.delete(key));
    }
    return opened;
  };

  // One role and one schema of the same name per plugin database. The password is derived
  // from a key in the host schema, which only the host's role reads, so every host of this
  // database (a serving host and a `stack-plugin run` beside it) sets the same one instead of
  // locking the other out.
  const provision = async (plugin: string, database: string): Promise<PluginDatabase> => {
    await ensureHostSchema();
    const role = roleName(serverDatabase, plugin, database);
    const password = createHmac('sha256', roleKey).update(role).digest('hex');
    const client = await admin.connect().catch((error) => {
      throw configError(error);
    });
    try {
      const id = client.escapeIdentifier(role);
      const secret = client.escapeLiteral(password);
      await client.query(`CREATE ROLE ${id} NOINHERIT`).catch(ignoreDuplicate);
      await client.query(`ALTER ROLE ${id} LOGIN NOINHERIT PASSWORD ${secret}`);
      // The host's role must be able to create the schema for it (PostgreSQL 15 does not make
      // a role's creator a member of it).
      await client.query(`GRANT ${id} TO CURRENT_USER`).catch(() => undefined);
      await client
        .query(`CREATE SCHEMA IF NOT EXISTS ${id} AUTHORIZATION ${id}`)
        .catch(ignoreDuplicate);
      await client.query(`ALTER ROLE ${id} SET search_path = ${id}`);
    } catch (error) {
      throw configError(error);
    } finally {
      client.release();
    }
    const pool = new pg.Pool({
      // The host's URL with the plugin's role in it: pg lets a connection string's user win
      // over a `user` option, which would have connected every plugin as the host.
      connectionString: asRole(options.url, role, password),
      max: options.poolSize ?? 4,
      types,
      options: `-c search_path=${role}`,
    });
    return { role, pool };
  };

  const unitFor = (plugin: string, database: string, unit: unknown): Unit => {
    const found = typeof unit === 'string' ? units.get(unit) : undefined;
    if (found === undefined || found.key !== `${plugin}\0${database}`) {
      throw createError(pdkErrors.DB_TRANSACTION_UNKNOWN, {
        transaction: String(unit),
        database: database || 'default',
        idleMs,
      });
    }
    arm(String(unit), found);
    return found;
  };

  // An abandoned transaction must not hold a connection for ever.
  const arm = (id: string, unit: Unit) => {
    if (unit.timer !== undefined) clearTimeout(unit.timer);
    unit.timer = setTimeout(() => void end(id, 'ROLLBACK').catch(() => undefined), idleMs);
    unit.timer.unref();
  };

  const end = async (id: string, statement: 'COMMIT' | 'ROLLBACK') => {
    const unit = units.get(id);
    if (unit === undefined) return;
    units.delete(id);
    if (unit.timer !== undefined) clearTimeout(unit.timer);
    try {
      await unit.client.query(statement);
      unit.client.release();
    } catch (error) {
      unit.client.release(true);
      throw toDbError(error);
    } finally {
      if (holding.get(unit.key) === unit) holding.delete(unit.key);
      unit.end();
    }
  };

  const run = async (
    plugin: string,
    database: string,
    sql: unknown,
    params: unknown,
    unit: unknown,
  ): Promise<pg.QueryResult> => {
    const statement = checkStatement(ENGINE, sql, params);
    if (REFUSED.test(statement.sql.replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/, ''))) {
      throw createError(pdkErrors.DB_STATEMENT_REFUSED, {
        detail:
          "transaction control and session settings are the host's; use ctx.db.transaction(fn)",
      });
    }
    let client: pg.Pool | pg.PoolClient;
    if (unit === undefined || unit === null) {
      client = (await open(plugin, database)).pool;
      // Last, so no transaction can begin between the wait and the statement.
      await idle(`${plugin}\0${database}`);
    } else {
      client = unitFor(plugin, database, unit).client;
    }
    try {
      // Named, so the extended protocol carries it: one statement only, parameters bound by
      // the server, and the plan prepared once per connection.
      return await client.query({
        name: `s${createHash('sha256').update(statement.sql).digest('hex').slice(0, 24)}`,
        text: statement.sql,
        values: statement.params,
      });
    } catch (error) {
      throw toDbError(error);
    }
  };

  return {
    engine: ENGINE,
    async query(plugin, database, sql, params, unit): Promise<DbRow[]> {
      const result = await run(plugin, database, sql, params, unit);
      return result.rows.map(plainRow);
    },
    async execute(plugin, database, sql, params, unit) {
      const result = await run(plugin, database, sql, params, unit);
      return { changes: result.rowCount ?? 0 };
    },
    async transaction(plugin, database) {
      const key = `${plugin}\0${database}`;
      const { pool } = await open(plugin, database);
      // One transaction at a time per database, as on SQLite; the wait and the claim are
      // one step, so two callers never both find the database free.
      await idle(key);
      let endUnit = () => {};
      const ended = new Promise<void>((resolve) => {
        endUnit = resolve;
      });
      const claim = { key, ended, end: endUnit } as Unit;
      holding.set(key, claim);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        holding.delete(key);
        endUnit();
        throw toDbError(error);
      }
      try {
        await client.query('BEGIN');
      } catch (error) {
        client.release(true);
        holding.delete(key);
        endUnit();
        throw toDbError(error);
      }
      const id = randomUUID();
      const unit: Unit = { key, client, timer: undefined, ended, end: endUnit };
      units.set(id, unit);
      holding.set(key, unit);
      arm(id, unit);
      return id;
    },
    async commit(plugin, database, unit) {
      unitFor(plugin, database, unit);
      await end(String(unit), 'COMMIT');
    },
    async rollback(plugin, database, unit) {
      unitFor(plugin, database, unit);
      await end(String(unit), 'ROLLBACK');
    },
    async migrate(plugin, database, migrations: readonly DbMigration[]) {
      const { pool, role } = await open(plugin, database);
      const name = database || 'default';
      const recorded = new Map(
        (
          await admin.query(`SELECT id, checksum FROM ${HOST_SCHEMA}.migrations WHERE owner = $1`, [
            role,
          ])
        ).rows.map((row) => [String(row.id), String(row.checksum)]),
      );
      const applied: string[] = [];
      for (const migration of migrations) {
        const checksum = migrationChecksum(migration.sql);
        const before = recorded.get(migration.id);
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
        // The migration runs as the plugin's role (its SQL can do nothing the plugin could
        // not), the record is written by the host in the same breath: the record's
        // transaction commits only after the migration's did.
        const record = await admin.connect();
        const client = await pool.connect();
        try {
          await record.query('BEGIN');
          await record.query(
            `INSERT INTO ${HOST_SCHEMA}.migrations (owner, id, checksum) VALUES ($1, $2, $3)`,
            [role, migration.id, checksum],
          );
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            await record.query('ROLLBACK').catch(() => undefined);
            throw createError(
              hostErrors.DB_MIGRATION_FAILED,
              { plugin, migration: migration.id, database: name, detail: (error as Error).message },
              { cause: error },
            );
          }
          await record.query('COMMIT');
        } finally {
          client.release();
          record.release();
        }
        applied.push(migration.id);
      }
      return applied;
    },
    async close() {
      for (const id of [...units.keys()]) await end(id, 'ROLLBACK').catch(() => undefined);
      const opened = await Promise.allSettled(databases.values());
      databases.clear();
      for (const result of opened) {
        if (result.status === 'fulfilled') await result.value.pool.end();
      }
      await admin.end();
    },
  };
}
