import { importOptional } from '../../_internal/import-optional.js';
import type { DbService } from './db-service.js';
import { createSqliteDbService } from './sqlite-db-service.js';

/** Options of {@link createNodeDbService}. */
export interface NodeDbServiceOptions {
  /** Folder of the SQLite files. */
  readonly dir: string;
  /** The host's database setting (stack.config.json `db`), read when a plugin first uses it. */
  readonly config?: () => { readonly url?: string } | undefined;
}

/**
 * `ctx.db` of a Node host: PostgreSQL when stack.config.json sets `db.url`, SQLite files
 * otherwise. The engine is chosen on the first call, since a host builds its services before
 * it reads its config file; `pg`, an optional peer dependency, is loaded only by hosts that use
 * PostgreSQL (without it: `OPTIONAL_DEPENDENCY_MISSING`, naming the install line).
 */
export function createNodeDbService(options: NodeDbServiceOptions): DbService {
  let engine: Promise<DbService> | undefined;
  const url = () => options.config?.()?.url;
  const get = () => {
    engine ??= (async () => {
      const postgres = url();
      if (postgres === undefined) return createSqliteDbService({ dir: options.dir });
      const { createPostgresDbService } = await importOptional(
        'pg',
        'A PostgreSQL database (`db.url` in stack.config.json)',
        () => import('./postgres-db-service.js'),
      );
      return createPostgresDbService({ url: postgres });
    })();
    return engine;
  };
  return {
    get engine() {
      return url() === undefined ? 'sqlite' : 'postgresql';
    },
    query: async (...args) => (await get()).query(...args),
    execute: async (...args) => (await get()).execute(...args),
    transaction: async (...args) => (await get()).transaction(...args),
    commit: async (...args) => (await get()).commit(...args),
    rollback: async (...args) => (await get()).rollback(...args),
    migrate: async (...args) => (await get()).migrate(...args),
    async close() {
      const opened = engine;
      engine = undefined;
      if (opened !== undefined) await (await opened).close();
    },
  };
}
