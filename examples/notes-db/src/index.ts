import { definePlugin } from '@stack-plugin/pdk';
import { NotesStore } from './notes-store.js';
import { readFolder } from './read-folder.js';
import { searchNotes, withSnippets } from './search-notes.js';

/**
 * Notes in the plugin's own database (`ctx.db`): commands to add, get, list, search and
 * delete them, a skill that hands an agent the notes relevant to a topic, and the steps of the
 * `notes.import` workflow (read a folder of Markdown files, store one note per file). The
 * schema comes from the numbered files in `migrations/`, which the host applies before
 * `activate`; every statement is written once for both engines the host offers, SQLite and
 * PostgreSQL.
 */
export default definePlugin({
  async activate(ctx) {
    const notes = new NotesStore(ctx.db);
    await ctx.commands.register('notes.add', (input) =>
      notes.add({ title: input.title, body: input.body, tags: input.tags ?? [] }),
    );
    await ctx.commands.register('notes.get', async (input) => ({
      note: await notes.get(input.id),
    }));
    await ctx.commands.register('notes.list', (input) =>
      notes.list({ tag: input.tag, limit: input.limit ?? 20, offset: input.offset ?? 0 }),
    );
    await ctx.commands.register('notes.search', async (input) => {
      const { hits, terms } = await searchNotes(ctx.db, {
        query: input.query,
        tag: input.tag,
        match: input.match ?? 'all',
        limit: input.limit ?? 10,
      });
      return { notes: withSnippets(hits, terms), terms };
    });
    await ctx.commands.register('notes.delete', async (input) => ({
      deleted: await notes.delete(input.id),
    }));
    // An agent asks with a few words of a topic: any of them may match, the best notes first.
    await ctx.skills.register('notes.recall', async (input) => {
      const { hits } = await searchNotes(ctx.db, {
        query: input.topic,
        tag: input.tag,
        match: 'any',
        limit: input.limit ?? 3,
      });
      return { notes: hits.map(({ id, title, tags, body }) => ({ id, title, tags, body })) };
    });
    await ctx.steps.register('markdown.read', (input) => readFolder(ctx.fs, input.folder));
    await ctx.steps.register('notes.store', (input) => notes.store(input.files));
  },
});
