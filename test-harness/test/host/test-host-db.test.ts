import { definePlugin } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { mountPlugin } from '../../src/index.js';

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
});
