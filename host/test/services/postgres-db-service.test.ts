import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../src/index.js';
import { createPostgresDbService } from '../../src/services/db/postgres-db-service.js';
import { dbHostCases } from '../_db-host-cases.js';
import { fixture } from '../_support.js';
import { dbServiceCases } from './_db-service-cases.js';
import { type PostgresServer, postgresBin, startPostgres } from './_postgres-server.js';

const bin = postgresBin();
// Skipped only on a machine without PostgreSQL and outside CI: in CI (.ci/run installs the
// Debian package) a missing server fails these tests instead of hiding them.
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

describe.runIf(bin !== undefined || ci)('ctx.db on a real PostgreSQL server', () => {
  let server: PostgresServer | undefined;
  let databases = 0;

  beforeAll(async () => {
    if (bin === undefined) {
      throw new Error(
        'PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH) and CI is set: install the Debian package "postgresql" (scripts/ci-system-deps.sh does).',
      );
    }
    const started = performance.now();
    server = await startPostgres(bin);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const version = (await admin.query('SHOW server_version')).rows[0]?.server_version;
    await admin.end();
    console.log(
      `postgresql ${version} (${bin}) started in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 180_000);
  afterAll(() => server?.stop());

  /** The URL of a database of its own, so every case starts from empty schemas. */
  async function freshDatabase() {
    if (server === undefined) throw new Error('the PostgreSQL server did not start');
    const name = `case_${++databases}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return server.url.replace(/\/postgres$/, `/${name}`);
  }

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
