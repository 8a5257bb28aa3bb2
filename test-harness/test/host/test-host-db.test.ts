import { fileURLToPath } from 'node:url';
import { definePlugin } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { describePostgres, mountPlugin } from '../../src/index.js';

const migrating = fileURLToPath(new URL('../fixtures/migrating', import.meta.url));

const notes = () =>
  mountPlugin({
    name: 'inline-notes',
    definition: definePlugin({
      async activate(ctx) {
        const db = (ctx as unknown as { db: import('@stack-plugin/pdk').DbCapability }).db;
        await db.execute('CREATE TABLE notes (title TEXT)');
        await ctx.commands.register('add', async (input) => {
          await db.execute('INSERT INTO notes (title) VALUES ($1)', [
            (input as { title: string }).title,
          ]);
          return db.query('SELECT title FROM notes ORDER BY title');
        });
      },
    }),
    manifest: { permissions: ['db'], contributes: { commands: [{ id: 'add' }] } },
  });

describe('ctx.db in a test host', () => {
  it('gives every test host its own in-memory database, with db in the call record', async () => {
    const first = await notes();
    await expect(first).toRespondWith('add', { title: 'b' }, [{ title: 'b' }]);
    await expect(first).toRespondWith('add', { title: 'a' }, [{ title: 'a' }, { title: 'b' }]);
    expect(
      first.calls.filter((c) => c.capability === 'db').map((c) => [c.method, c.args[0], c.args[1]]),
    ).toEqual([
      ['execute', '', 'CREATE TABLE notes (title TEXT)'],
      ['execute', '', 'INSERT INTO notes (title) VALUES ($1)'],
      ['query', '', 'SELECT title FROM notes ORDER BY title'],
      ['execute', '', 'INSERT INTO notes (title) VALUES ($1)'],
      ['query', '', 'SELECT title FROM notes ORDER BY title'],
    ]);
    const second = await notes();
    await expect(second).toRespondWith('add', { title: 'c' }, [{ title: 'c' }]);
  });

  // Regression: a plugin loaded from its TypeScript sources is staged as its manifest alone,
  // and the host found no migration files beside it (DB_MIGRATION_FAILED on mount).
  it('applies the migrations of a plugin loaded from its sources, in number order', async () => {
    const plugin = await mountPlugin(migrating);
    await expect(plugin).toRespondWith('colors', undefined, [{ name: 'blue' }, { name: 'red' }]);
  });
});

describePostgres('ctx.db in a test host, on a real PostgreSQL server', (server) => {
  it('runs the migrations and statements there, and closes its connections on dispose', async () => {
    const url = await server().createDatabase();
    const plugin = await mountPlugin(migrating, { db: { url } });
    await expect(plugin).toRespondWith('colors', undefined, [{ name: 'blue' }, { name: 'red' }]);
    const [schema] = (await plugin.asPlugin().db.query('SELECT current_schema() AS name')) as {
      name: string;
    }[];
    expect(schema?.name).toMatch(/^stack_fixture_migrating_default_/);
    await plugin.testHost.dispose();
    // A second host on the same database finds the migrations recorded and the rows kept.
    const again = await mountPlugin(migrating, { db: { url } });
    await expect(again).toRespondWith('colors', undefined, [{ name: 'blue' }, { name: 'red' }]);
    // The plugin's role has this host's connection only: the first host's are closed.
    expect(
      await again
        .asPlugin()
        .db.query('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE usename = current_user'),
    ).toEqual([{ n: 1 }]);
  });
});
