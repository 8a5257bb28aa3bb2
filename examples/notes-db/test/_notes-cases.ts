import { fileURLToPath } from 'node:url';
import { type MountPluginOptions, mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A workspace with a folder of Markdown notes, and one file the plugin may not read. */
export const NOTES_FOLDER = {
  'notes/standup.md': [
    '---',
    'title: Standup, 3 March',
    'tags: [work, meetings]',
    '---',
    '# Agenda',
    '',
    'Ship the Markdown importer on Friday. #release',
  ].join('\n'),
  'notes/recipes/soup.md': '# Pumpkin soup\n\nRoast the pumpkin, then blend. #cooking #Autumn',
  'notes/recipes/bread.md': 'No heading here, just flour and water. Tagged `#not-a-tag` in code.',
  'notes/.drafts/hidden.md': '# Hidden\n\nNever imported.',
  'notes/todo.txt': 'Not Markdown.',
  'private/diary.md': '# Diary\n\nOutside the granted folder.',
};

/**
 * The plugin's behaviour, run on one engine: `options` gives each test host its database
 * (in-memory SQLite by default, or a PostgreSQL server's). The same cases pass on both, which
 * is the point of writing the SQL once.
 */
export function notesCases(engine: string, options: () => Promise<MountPluginOptions>) {
  const mount = async (extra: MountPluginOptions = {}) =>
    mountPlugin(root, { ...(await options()), ...extra });

  describe(`notes-db on ${engine}`, () => {
    it('adds, gets, lists by tag and deletes notes', async () => {
      const plugin = await mount();
      const a = await plugin.execute('notes.add', {
        title: 'Release plan',
        body: 'Cut the branch on Monday.',
        tags: ['work', 'release'],
      });
      expect(a).toEqual({
        id: 1,
        title: 'Release plan',
        body: 'Cut the branch on Monday.',
        tags: ['release', 'work'],
        source: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: a.createdAt,
      });
      await plugin.execute('notes.add', {
        title: 'Groceries',
        body: 'Milk, eggs.',
        tags: ['home'],
      });
      await plugin.execute('notes.add', {
        title: 'Retro',
        body: 'What went well.',
        tags: ['work'],
      });

      expect(await plugin.execute('notes.get', { id: 1 })).toEqual({ note: a });
      expect(await plugin.execute('notes.get', { id: 99 })).toEqual({ note: null });
      const work = await plugin.execute('notes.list', { tag: 'work' });
      expect(work.total).toBe(2);
      expect(work.notes.map((n) => n.title).sort()).toEqual(['Release plan', 'Retro']);
      expect((await plugin.execute('notes.list', { limit: 1, offset: 0 })).notes).toHaveLength(1);
      expect((await plugin.execute('notes.list', {})).total).toBe(3);

      expect(await plugin.execute('notes.delete', { id: 1 })).toEqual({ deleted: true });
      expect(await plugin.execute('notes.delete', { id: 1 })).toEqual({ deleted: false });
      expect((await plugin.execute('notes.list', { tag: 'work' })).total).toBe(1);
      expect((await plugin.execute('notes.search', { query: 'branch' })).notes).toEqual([]);
      // Ids are never handed out twice, even after a delete.
      expect((await plugin.execute('notes.add', { title: 'Next', body: '' })).id).toBe(4);
    });

    it('ranks search results: title words first, then by how often and how rare', async () => {
      const plugin = await mount();
      const add = (title: string, body: string, tags: string[] = []) =>
        plugin.execute('notes.add', { title, body, tags });
      await add('Café opening hours', 'The café opens at nine.', ['city']);
      await add('Weekend', 'We had coffee at the CAFE, then a long walk by the river.');
      await add(
        'Postgres migration',
        'Migrations run in a transaction; the migration table records each one.',
        ['work'],
      );
      await add('River walk', 'The river path is closed.');

      const cafe = await plugin.execute('notes.search', { query: 'cafe' });
      expect(cafe.terms).toEqual(['cafe']);
      expect(cafe.notes.map((n) => n.title)).toEqual(['Café opening hours', 'Weekend']);
      expect(cafe.notes[0]?.score).toBeGreaterThan(cafe.notes[1]?.score ?? Infinity);
      expect(cafe.notes[1]?.snippet).toBe(
        'We had coffee at the CAFE, then a long walk by the river.',
      );

      // All words by default, any with match: 'any'; common words are not searched for.
      expect(
        (await plugin.execute('notes.search', { query: 'the river walk' })).notes.map(
          (n) => n.title,
        ),
      ).toEqual(['River walk', 'Weekend']);
      expect((await plugin.execute('notes.search', { query: 'river migration' })).notes).toEqual(
        [],
      );
      const any = await plugin.execute('notes.search', { query: 'river migration', match: 'any' });
      expect(any.notes.map((n) => n.title).sort()).toEqual([
        'Postgres migration',
        'River walk',
        'Weekend',
      ]);
      expect((await plugin.execute('notes.search', { query: 'river', tag: 'city' })).notes).toEqual(
        [],
      );
      expect(
        (await plugin.execute('notes.search', { query: 'cafe', tag: 'city' })).notes.map(
          (n) => n.id,
        ),
      ).toEqual([1]);
      expect(await plugin.execute('notes.search', { query: 'the and of' })).toEqual({
        notes: [],
        terms: [],
      });
    });

    it('hands an agent the full text of the notes on a topic (the notes.recall skill)', async () => {
      const plugin = await mount();
      await plugin.execute('notes.add', {
        title: 'Rollback',
        body: 'Restore the dump, then migrate.',
        tags: ['ops'],
      });
      await plugin.execute('notes.add', { title: 'Lunch', body: 'Soup.' });
      expect(
        await plugin.invoke('skills', 'notes.recall', { topic: 'how do I rollback a migration' }),
      ).toEqual({
        notes: [
          { id: 1, title: 'Rollback', tags: ['ops'], body: 'Restore the dump, then migrate.' },
        ],
      });
    });

    it('keeps SQL in user text inert: it is stored and searched as text', async () => {
      const plugin = await mount();
      const hostile = "x'); DROP TABLE notes; --";
      const note = await plugin.execute('notes.add', { title: hostile, body: "' OR 1=1 --" });
      await plugin.execute('notes.add', { title: 'Plain', body: 'Nothing to see.' });
      expect(note.title).toBe(hostile);
      // Spliced into the SQL, this would match every note; bound, it is the word "absent".
      expect((await plugin.execute('notes.search', { query: "absent' OR '1'='1" })).notes).toEqual(
        [],
      );
      expect(
        (await plugin.execute('notes.search', { query: 'drop table' })).notes.map((n) => n.id),
      ).toEqual([1]);
      expect(await plugin.execute('notes.get', { id: 1 })).toMatchObject({
        note: { title: hostile },
      });
      expect((await plugin.execute('notes.list', {})).total).toBe(2);
    });

    it('imports a folder of Markdown files, and importing it again changes nothing', async () => {
      const plugin = await mount({ files: NOTES_FOLDER });
      const { host } = plugin.testHost;
      const first = await host.runWorkflow('notes.import', { folder: 'notes' });
      expect(first.status).toBe('succeeded');
      expect(first.steps.read?.output).toEqual({
        files: [
          {
            path: 'notes/recipes/bread.md',
            title: 'bread',
            body: 'No heading here, just flour and water. Tagged `#not-a-tag` in code.',
            tags: [],
          },
          {
            path: 'notes/recipes/soup.md',
            title: 'Pumpkin soup',
            body: '# Pumpkin soup\n\nRoast the pumpkin, then blend. #cooking #Autumn',
            tags: ['autumn', 'cooking'],
          },
          {
            path: 'notes/standup.md',
            title: 'Standup, 3 March',
            body: '# Agenda\n\nShip the Markdown importer on Friday. #release',
            tags: ['meetings', 'release', 'work'],
          },
        ],
        skipped: [],
      });
      expect(first.steps.store?.output).toEqual({ added: 3, updated: 0, unchanged: 0 });
      const listed = await plugin.execute('notes.list', { tag: 'cooking' });
      expect(listed.notes).toEqual([
        {
          id: 2,
          title: 'Pumpkin soup',
          tags: ['autumn', 'cooking'],
          source: 'notes/recipes/soup.md',
          updatedAt: expect.any(String),
        },
      ]);

      const before = await plugin.execute('notes.get', { id: 2 });
      const again = await host.runWorkflow('notes.import', { folder: 'notes' });
      expect(again.steps.store?.output).toEqual({ added: 0, updated: 0, unchanged: 3 });
      expect(await plugin.execute('notes.get', { id: 2 })).toEqual(before);

      await plugin.testHost.fs.writeFile(
        'notes/recipes/soup.md',
        new TextEncoder().encode('# Pumpkin soup\n\nRoast, blend, add ginger. #cooking'),
      );
      const changed = await host.runWorkflow('notes.import', { folder: 'notes/recipes' });
      expect(changed.steps.store?.output).toEqual({ added: 0, updated: 1, unchanged: 1 });
      expect((await plugin.execute('notes.search', { query: 'ginger' })).notes).toMatchObject([
        { id: 2, tags: ['cooking'] },
      ]);
      expect((await plugin.execute('notes.list', { tag: 'autumn' })).total).toBe(0);
      expect((await plugin.execute('notes.list', {})).total).toBe(3);
    });

    it('reads only under notes/: another folder is refused before anything runs', async () => {
      const plugin = await mount({ files: NOTES_FOLDER });
      const { host } = plugin.testHost;
      await expect(host.runWorkflow('notes.import', { folder: 'private' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(
        plugin.invoke('steps', 'markdown.read', { folder: 'notes/../private' }),
      ).toRejectWithCode('VALIDATION_FAILED');
      expect((await plugin.execute('notes.list', {})).total).toBe(0);
    });

    it('stores an import in one transaction: a failure part-way leaves no note behind', async () => {
      const plugin = await mount({ files: NOTES_FOLDER });
      // The host's db service fails on the second note's index, as a full disk would.
      const db = plugin.testHost.services.capabilities?.db as Record<string, unknown>;
      const execute = db.execute as (...args: unknown[]) => Promise<unknown>;
      let indexed = 0;
      db.execute = (...args: unknown[]) =>
        String(args[2]).startsWith('INSERT INTO note_terms') && ++indexed === 2
          ? Promise.reject(new Error('disk full'))
          : execute(...args);
      const run = await plugin.testHost.host.runWorkflow('notes.import', { folder: 'notes' });
      expect(run.status).toBe('failed');
      expect(indexed).toBe(2);
      db.execute = execute;
      expect((await plugin.execute('notes.list', {})).total).toBe(0);
      expect((await plugin.execute('notes.search', { query: 'flour' })).notes).toEqual([]);
      const retried = await plugin.testHost.host.runWorkflow('notes.import', { folder: 'notes' });
      expect(retried.steps.store?.output).toEqual({ added: 3, updated: 0, unchanged: 0 });
    });
  });
}
