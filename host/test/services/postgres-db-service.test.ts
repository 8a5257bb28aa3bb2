import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePostgres } from '@stack-plugin/test-harness';
import { expect, it } from 'vitest';
import { createHost } from '../../src/index.js';
import { createPostgresDbService } from '../../src/services/db/postgres-db-service.js';
import { dbHostCases } from '../_db-host-cases.js';
import { fixture } from '../_support.js';
import { dbServiceCases } from './_db-service-cases.js';

// The server comes from the test harness (skipped only on a machine without PostgreSQL and
// outside CI: in CI, which installs the Debian package, a missing server fails these tests).
describePostgres('ctx.db on a real PostgreSQL server', (server) => {
  /** The URL of a database of its own, so every case starts from empty schemas. */
  const freshDatabase = () => server().createDatabase();
  const createService = async () => createPostgresDbService({ url: await freshDatabase() });

  dbServiceCases('postgresql', createService);
  dbHostCases('postgresql', createService);

  it("refuses another plugin's schema and the host's, named outright", async () => {
    const db = await createService();
    try {
      await db.execute('a', '', 'CREATE TABLE secrets (v TEXT)');
      await db.execute('a', '', 'INSERT INTO secrets (v) VALUES ($1)', ['of a']);
      await db.migrate('a', '', [{ id: '1-x', sql: 'CREATE TABLE x (v TEXT);' }]);
      const [own] = await db.query('a', '', 'SELECT current_schema() AS name');
      const refused = { code: 'DB_STATEMENT_REFUSED' };
      await expect(db.query('b', '', `SELECT v FROM ${own?.name}.secrets`)).rejects.toMatchObject(
        refused,
      );
      await expect(
        db.query('a', 'reports', `SELECT v FROM ${own?.name}.secrets`),
      ).rejects.toMatchObject(refused);
      await expect(db.query('b', '', 'SELECT id FROM stack_host.migrations')).rejects.toMatchObject(
        refused,
      );
      await expect(db.execute('b', '', 'SET ROLE postgres')).rejects.toMatchObject(refused);
      await expect(
        db.execute('b', '', `CREATE TABLE ${own?.name}.planted (v TEXT)`),
      ).rejects.toMatchObject(refused);
      expect(await db.query('a', '', 'SELECT v FROM secrets')).toEqual([{ v: 'of a' }]);
    } finally {
      await db.close();
    }
  });

  it('is what a host uses when stack.config.json sets "db": { "url" }', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stack-pg-host-'));
    const host = createHost({
      root,
      config: { plugins: [{ path: fixture('db-migrate') }], db: { url: await freshDatabase() } },
      env: {},
    });
    try {
      await host.start();
      expect(
        await host.execute('db-migrate.db', {
          op: 'query',
          sql: 'SELECT current_schema() AS schema, current_user AS role, count(*) AS notes FROM notes',
        }),
      ).toEqual({
        ok: true,
        value: [
          {
            schema: expect.stringMatching(/^stack_db_migrate_default_[0-9a-f]{10}$/),
            role: expect.stringMatching(/^stack_db_migrate_default_[0-9a-f]{10}$/),
            notes: 1,
          },
        ],
      });
    } finally {
      await host.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
