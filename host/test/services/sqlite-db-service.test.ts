import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteDbService } from '../../src/services/db/sqlite-db-service.js';
import { dbServiceCases } from './_db-service-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

dbServiceCases('sqlite (files)', async () => createSqliteDbService({ dir: join(dir, `h${n++}`) }));
dbServiceCases('sqlite (in memory)', async () => createSqliteDbService({ dir: ':memory:' }));

describe('sqlite: a plugin stays inside its own file', () => {
  it('keeps one file per plugin and database under the data folder', async () => {
    const root = join(dir, 'files');
    const db = createSqliteDbService({ dir: root });
    await db.execute('@scope/p', '', 'CREATE TABLE t (v TEXT)');
    await db.execute('@scope/p', 'reports', 'CREATE TABLE t (v TEXT)');
    expect(existsSync(join(root, '%40scope%2Fp', 'default.sqlite'))).toBe(true);
    expect(existsSync(join(root, '%40scope%2Fp', 'reports.sqlite'))).toBe(true);
    await db.close();
  });

  it('refuses ATTACH, VACUUM INTO and file pragmas', async () => {
    const root = join(dir, 'escape');
    const db = createSqliteDbService({ dir: root });
    await db.execute('a', '', 'CREATE TABLE secrets (v TEXT)');
    const other = join(root, 'a', 'default.sqlite');
    for (const sql of [
      `ATTACH DATABASE '${other}' AS other`,
      `VACUUM INTO '${join(root, 'copy.sqlite')}'`,
      'PRAGMA journal_mode = DELETE',
      'PRAGMA writable_schema = 1',
    ]) {
      await expect(db.execute('b', '', sql), sql).rejects.toMatchObject({
        code: 'DB_STATEMENT_REFUSED',
      });
    }
    expect(existsSync(join(root, 'copy.sqlite'))).toBe(false);
    expect(await db.query('a', '', 'PRAGMA table_info(secrets)')).toHaveLength(1);
    await db.close();
  });

  it('records migrations in a table the plugin may read but not change', async () => {
    const db = createSqliteDbService({ dir: ':memory:' });
    await db.migrate('a', '', [
      { id: '1-notes', sql: 'CREATE TABLE notes (title TEXT);' },
      { id: '2-seed', sql: "INSERT INTO notes (title) VALUES ('x');" },
    ]);
    const recorded = await db.query('a', '', 'SELECT id FROM stack_migrations ORDER BY id');
    expect(recorded).toEqual([{ id: '1-notes' }, { id: '2-seed' }]);
    await expect(db.execute('a', '', 'DELETE FROM stack_migrations')).rejects.toMatchObject({
      code: 'DB_STATEMENT_REFUSED',
    });
    await db.close();
  });

  it('rolls back a transaction left idle, freeing the database', async () => {
    const db = createSqliteDbService({ dir: ':memory:', transactionIdleMs: 20 });
    await db.execute('a', '', 'CREATE TABLE t (v INTEGER)');
    const unit = await db.transaction('a', '');
    await db.execute('a', '', 'INSERT INTO t (v) VALUES ($1)', [1], unit);
    // Waits for the abandoned transaction to be rolled back, however long that takes.
    expect(await db.query('a', '', 'SELECT v FROM t')).toEqual([]);
    await expect(db.commit('a', '', unit)).rejects.toMatchObject({
      code: 'DB_TRANSACTION_UNKNOWN',
    });
    await db.close();
  });
});
