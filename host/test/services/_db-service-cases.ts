import { describe, expect, it } from 'vitest';
import type { DbService } from '../../src/services/db/db-service.js';

/**
 * The behaviour every `ctx.db` engine must have, run against each one (SQLite always,
 * PostgreSQL against a real server): the same SQL, the same results, the same error codes.
 */
export function dbServiceCases(name: string, create: () => Promise<DbService>): void {
  describe(`${name}: the db service`, () => {
    const withService = async (fn: (db: DbService) => Promise<void>) => {
      const db = await create();
      try {
        await fn(db);
      } finally {
        await db.close();
      }
    };

    it('runs parameterised statements and returns plain, clonable rows', () =>
      withService(async (db) => {
        await db.execute(
          'a',
          '',
          'CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body TEXT)',
        );
        const inserted = await db.execute(
          'a',
          '',
          'INSERT INTO notes (id, title, body) VALUES ($1, $2, $3), ($4, $5, $6)',
          [1, 'one', 'first', 2, 'two', null],
        );
        expect(inserted).toEqual({ changes: 2 });
        const rows = await db.query(
          'a',
          '',
          'SELECT id, title, body FROM notes WHERE id >= $1 ORDER BY id',
          [1],
        );
        expect(rows).toEqual([
          { id: 1, title: 'one', body: 'first' },
          { id: 2, title: 'two', body: null },
        ]);
        expect(structuredClone(rows)).toEqual(rows);
        expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
      }));

    it('keeps SQL injection through params inert', () =>
      withService(async (db) => {
        await db.execute('a', '', 'CREATE TABLE t (v TEXT)');
        const hostile = "x'); DROP TABLE t; --";
        await db.execute('a', '', 'INSERT INTO t (v) VALUES ($1)', [hostile]);
        expect(await db.query('a', '', 'SELECT v FROM t WHERE v = $1', [hostile])).toEqual([
          { v: hostile },
        ]);
        expect(await db.query('a', '', 'SELECT v FROM t WHERE v = $1', ["' OR '1'='1"])).toEqual(
          [],
        );
      }));

    it('gives each plugin and each named database its own tables', () =>
      withService(async (db) => {
        await db.execute('a', '', 'CREATE TABLE secrets (v TEXT)');
        await db.execute('a', '', 'INSERT INTO secrets (v) VALUES ($1)', ['of a']);
        await expect(db.query('b', '', 'SELECT v FROM secrets')).rejects.toMatchObject({
          code: expect.stringMatching(/^DB_(QUERY_FAILED|STATEMENT_REFUSED)$/),
        });
        await expect(db.query('a', 'reports', 'SELECT v FROM secrets')).rejects.toMatchObject({
          code: expect.stringMatching(/^DB_/),
        });
        await db.execute('b', '', 'CREATE TABLE secrets (v TEXT)');
        expect(await db.query('b', '', 'SELECT v FROM secrets')).toEqual([]);
        expect(await db.query('a', '', 'SELECT v FROM secrets')).toEqual([{ v: 'of a' }]);
      }));

    it('refuses a second statement, transaction control and bad params, with codes', () =>
      withService(async (db) => {
        await db.execute('a', '', 'CREATE TABLE t (v TEXT)');
        await expect(
          db.execute('a', '', 'INSERT INTO t (v) VALUES ($1); DROP TABLE t', ['x']),
        ).rejects.toMatchObject({
          code: expect.stringMatching(/^DB_(QUERY_FAILED|STATEMENT_REFUSED)$/),
        });
        await expect(db.execute('a', '', 'BEGIN')).rejects.toMatchObject({
          code: 'DB_STATEMENT_REFUSED',
        });
        await expect(db.query('a', '', 'SELECT $1', [{ a: 1 }])).rejects.toMatchObject({
          code: 'DB_QUERY_FAILED',
        });
        expect(await db.query('a', '', 'SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
      }));

    it('commits a transaction, rolls one back, and makes other calls wait for it', () =>
      withService(async (db) => {
        await db.execute('a', '', 'CREATE TABLE t (v INTEGER)');
        const unit = await db.transaction('a', '');
        await db.execute('a', '', 'INSERT INTO t (v) VALUES ($1)', [1], unit);
        const outside = db.query('a', '', 'SELECT v FROM t');
        await db.commit('a', '', unit);
        expect(await outside).toEqual([{ v: 1 }]);
        const second = await db.transaction('a', '');
        await db.execute('a', '', 'INSERT INTO t (v) VALUES ($1)', [2], second);
        await db.rollback('a', '', second);
        expect(await db.query('a', '', 'SELECT v FROM t')).toEqual([{ v: 1 }]);
        await expect(db.commit('a', '', second)).rejects.toMatchObject({
          code: 'DB_TRANSACTION_UNKNOWN',
        });
        await expect(db.query('b', '', 'SELECT 1 AS x', [], unit)).rejects.toMatchObject({
          code: 'DB_TRANSACTION_UNKNOWN',
        });
      }));

    it('applies migrations once, in order, records them and never re-runs them', () =>
      withService(async (db) => {
        const migrations = [
          { id: '001-notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);' },
          { id: '002-seed', sql: "INSERT INTO notes (id, title) VALUES (1, 'seeded');" },
        ];
        expect(await db.migrate('a', '', migrations)).toEqual(['001-notes', '002-seed']);
        expect(await db.migrate('a', '', migrations)).toEqual([]);
        expect(await db.query('a', '', 'SELECT title FROM notes')).toEqual([{ title: 'seeded' }]);
        await expect(
          db.migrate('a', '', [{ id: '001-notes', sql: 'CREATE TABLE other (x TEXT);' }]),
        ).rejects.toMatchObject({ code: 'DB_MIGRATION_CHANGED' });
        await expect(
          db.migrate('a', '', [
            ...migrations,
            { id: '003-bad', sql: 'CREATE TABLE x (a TEXT); NOT SQL;' },
          ]),
        ).rejects.toMatchObject({ code: 'DB_MIGRATION_FAILED' });
        await expect(db.query('a', '', 'SELECT a FROM x')).rejects.toMatchObject({
          code: 'DB_QUERY_FAILED',
        });
        expect(await db.migrate('b', '', migrations)).toEqual(['001-notes', '002-seed']);
      }));
  });
}
