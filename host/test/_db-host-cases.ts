import { ISOLATION_LEVELS } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type CapabilityService, createHost, type DbService, type Host } from '../src/index.js';
import { fixture, testServices } from './_support.js';

/**
 * `ctx.db` through real plugins at every isolation level, against one engine: the same
 * cases run on SQLite always and on a real PostgreSQL server when one can be started.
 */
export function dbHostCases(engine: string, createService: () => Promise<DbService>): void {
  describe.each(ISOLATION_LEVELS.map((level) => [level]))(
    `ctx.db on ${engine} at %s`,
    (isolation) => {
      const hosts: Array<{ host: Host; db: DbService }> = [];
      afterEach(async () => {
        const dbs = new Set<DbService>();
        for (const { host, db } of hosts.splice(0)) {
          await host.stop();
          dbs.add(db);
        }
        for (const db of dbs) await db.close();
      });

      function open(db: DbService, plugins: readonly string[]) {
        const host = createHost({
          root: fixture('.'),
          config: { plugins: plugins.map((path) => ({ path, isolation })) },
          services: { ...testServices(), capabilities: { db: db as unknown as CapabilityService } },
          env: {},
        });
        hosts.push({ host, db });
        return host;
      }

      async function start() {
        const host = open(await createService(), ['db-a', 'db-b', 'db-denied']);
        await host.start();
        const run = (plugin: string, input: Record<string, unknown>) =>
          host.execute(`${plugin}.db`, input);
        return { host, run };
      }

      it('gives each plugin its own tables and keeps injection through params inert', async () => {
        const { run } = await start();
        const create = {
          op: 'execute',
          sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT)',
        };
        expect(await run('db-a', create)).toEqual({ ok: true, value: { changes: 0 } });
        const hostile = "x'); DROP TABLE notes; --";
        expect(
          await run('db-a', {
            op: 'execute',
            sql: 'INSERT INTO notes (id, title) VALUES ($1, $2)',
            params: [1, hostile],
          }),
        ).toEqual({ ok: true, value: { changes: 1 } });
        expect(await run('db-a', { op: 'query', sql: 'SELECT id, title FROM notes' })).toEqual({
          ok: true,
          value: [{ id: 1, title: hostile }],
        });
        // Another plugin with `db` has a database of its own, without a's table.
        const other = (await run('db-b', { op: 'query', sql: 'SELECT title FROM notes' })) as {
          ok: boolean;
          error: { code: string };
        };
        expect(other.ok).toBe(false);
        expect(other.error.code).toMatch(/^DB_(QUERY_FAILED|STATEMENT_REFUSED)$/);
        // A named database is another one, granted by `db:reports`.
        expect(await run('db-a', { ...create, database: 'reports' })).toEqual({
          ok: true,
          value: { changes: 0 },
        });
        expect(
          await run('db-a', { op: 'query', database: 'reports', sql: 'SELECT title FROM notes' }),
        ).toEqual({
          ok: true,
          value: [],
        });
      });

      it('refuses a plugin without the permission, and a database it was not granted', async () => {
        const { run, host } = await start();
        expect(await run('db-denied', { op: 'query', sql: 'SELECT 1 AS one' })).toEqual({
          ok: false,
          error: {
            code: 'PERMISSION_DENIED',
            message: '"db-denied" may not use its database: it has not been granted "db".',
          },
        });
        expect(
          await run('db-b', { op: 'query', database: 'reports', sql: 'SELECT 1 AS one' }),
        ).toEqual({
          ok: false,
          error: {
            code: 'PERMISSION_DENIED',
            message:
              '"db-b" may not use the database "reports": it has not been granted "db:reports".',
          },
        });
        expect(
          host
            .audit()
            .filter((r) => r.capability === 'db')
            .map((r) => [r.plugin, r.target, r.allowed, r.permission]),
        ).toEqual([
          ['db-denied', '', false, 'db'],
          ['db-b', 'reports', false, 'db:reports'],
        ]);
      });

      it('commits a transaction, and rolls one back when the plugin throws', async () => {
        const { run } = await start();
        await run('db-a', { op: 'execute', sql: 'CREATE TABLE t (v INTEGER)' });
        const insert = (v: number) => ['execute', 'INSERT INTO t (v) VALUES ($1)', [v]];
        expect(
          await run('db-a', {
            op: 'transaction',
            statements: [insert(1), ['query', 'SELECT v FROM t', []]],
          }),
        ).toEqual({ ok: true, value: [{ changes: 1 }, [{ v: 1 }]] });
        expect(
          await run('db-a', { op: 'transaction', statements: [insert(2)], fail: true }),
        ).toEqual({
          ok: false,
          error: { code: 'GAVE_UP', message: 'plugin gave up' },
        });
        expect(await run('db-a', { op: 'query', sql: 'SELECT v FROM t ORDER BY v' })).toEqual({
          ok: true,
          value: [{ v: 1 }],
        });
      });

      it("applies the manifest's migrations before activate, in number order, once", async () => {
        const db = await createService();
        const joined = {
          op: 'query',
          sql: 'SELECT n.title, t.tag FROM notes n JOIN tags t ON t.note = n.id ORDER BY n.id',
        };
        const seeded = { ok: true, value: [{ title: 'seeded by 2', tag: 'first' }] };
        const first = open(db, ['db-migrate']);
        await first.start();
        // 10-tags tags every note, so it ran after 2-seed although it sorts first as text.
        expect(await first.execute('db-migrate.db', joined)).toEqual(seeded);
        await first.stop();
        // Run again, 1-notes would fail on its CREATE TABLE and 2-seed on the primary key.
        const second = open(db, ['db-migrate']);
        await second.start();
        expect(second.plugin('db-migrate')?.state).toBe('active');
        expect(await second.execute('db-migrate.db', joined)).toEqual(seeded);
      });

      it('refuses migrations of a database the plugin was not granted', async () => {
        const host = open(await createService(), ['db-migrate-ungranted']);
        await host.start().catch(() => {});
        expect(host.plugin('db-migrate-ungranted')?.state).toBe('failed');
        expect(host.plugin('db-migrate-ungranted')?.error).toMatchObject({
          code: 'PERMISSION_DENIED',
          plugin: 'db-migrate-ungranted',
          message:
            '"db-migrate-ungranted" may not migrate the database "default": it has not been granted "db".',
        });
      });
    },
  );
}
