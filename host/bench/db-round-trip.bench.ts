/**
 * `ctx.db` query round trip: a plugin awaits the same parameterised SELECT 100 times through
 * `ctx.db.query` at isolation none, limited and strict, against the same query through
 * `node:sqlite` directly (a prepared statement on an in-memory database, as the host's
 * engine keeps one). Both sides read one row of the same table; the ratio is the cost of the
 * capability path (ctx, sandbox wire, broker check and audit record, service) per query.
 * Needs `npm run build`.
 */
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { createHost, createSqliteDbService, type DbService, type Host } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';

const N = 100;
const SQL = 'SELECT id, title FROM notes WHERE id = $1';
const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const direct = new DatabaseSync(':memory:');
direct.exec(
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO notes VALUES (1, 'one')",
);
const statement = direct.prepare(SQL);
const hosts: Record<string, { host: Host; db: DbService }> = {};

const viaCtx = (level: string) => ({
  name: `ctx.db.query x${N} at ${level}`,
  items: N,
  fn: () => hosts[level]?.host.execute('bench-db.query', { n: N }),
});

export default defineBench({
  name: 'db-round-trip',
  baseline: {
    name: `node:sqlite prepared statement x${N}`,
    items: N,
    fn: () => {
      for (let i = 0; i < N; i++) statement.all({ $1: 1 }).map((row) => ({ ...row }));
    },
  },
  cases: [viaCtx('none'), viaCtx('limited'), viaCtx('strict')],
  setup: async () => {
    for (const isolation of ['none', 'limited', 'strict']) {
      const db = createSqliteDbService({ dir: ':memory:' });
      const host = createHost({
        root,
        config: { plugins: [{ path: 'bench-db', isolation }] },
        services: { capabilities: { db: db as never } },
        // The default budget (1,000 calls/s) would refuse a loop of queries: the bench measures
        // the path of one call, not the budget.
        sandbox: { rpc: { callsPerSecond: 1_000_000, burst: 1_000_000 } },
        env: {},
      });
      await host.start();
      const rows = await host.execute('bench-db.query', { n: 1 });
      if (JSON.stringify(rows) !== JSON.stringify([{ id: 1, title: 'one' }])) {
        throw new Error(`bench-db at ${isolation} returned ${JSON.stringify(rows)}`);
      }
      hosts[isolation] = { host, db };
    }
  },
  teardown: async () => {
    for (const { host, db } of Object.values(hosts)) {
      await host.stop();
      await db.close();
    }
  },
  iterations: 100,
});
