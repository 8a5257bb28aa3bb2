import type { DbDatabase, DbStatements, DbValue } from '@stack-plugin/pdk';
import { noteTerms } from './search-terms.js';

/** A note as the commands answer it. */
export interface Note {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly tags: string[];
  readonly source: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A note without its text, as lists answer it. */
export type NoteSummary = Omit<Note, 'body' | 'createdAt'>;

/** What a note is made of, whether added by a command or read from a file. */
export interface NoteContent {
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

/** Most parameters one statement takes (the host allows 1,000). */
const MAX_PARAMS = 999;

/**
 * Runs `INSERT ... VALUES` for `rows` in as few statements as the parameter limit allows. Only
 * placeholders (`($1, $2), ($3, $4)`) are built into the SQL; every value is a parameter.
 */
export async function insertRows(
  db: DbStatements,
  head: string,
  rows: readonly (readonly DbValue[])[],
): Promise<void> {
  const width = rows[0]?.length ?? 1;
  const perStatement = Math.floor(MAX_PARAMS / width);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map(
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
    );
    await db.execute(`${head} VALUES ${values.join(', ')}`, chunk.flat());
  }
}

/** `$1, $2, ...` for `count` parameters after the first `offset` ones. */
export function placeholders(count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => `$${offset + i + 1}`).join(', ');
}

/** The tags of each of `ids`, sorted. */
export async function tagsOf(
  db: DbStatements,
  ids: readonly number[],
): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return tags;
  const rows = await db.query<{ note_id: number; tag: string }>(
    `SELECT note_id, tag FROM note_tags WHERE note_id IN (${placeholders(ids.length)}) ORDER BY tag`,
    ids,
  );
  for (const row of rows) tags.get(Number(row.note_id))?.push(row.tag);
  return tags;
}

/** Replaces the tags and index entries of note `id` by those of `content`. */
async function writeIndex(tx: DbStatements, id: number, content: NoteContent): Promise<void> {
  const terms = noteTerms(content.title, content.body);
  await tx.execute('DELETE FROM note_tags WHERE note_id = $1', [id]);
  await tx.execute('DELETE FROM note_terms WHERE note_id = $1', [id]);
  await insertRows(
    tx,
    'INSERT INTO note_tags (note_id, tag)',
    [...new Set(content.tags)].map((tag) => [id, tag]),
  );
  await insertRows(
    tx,
    'INSERT INTO note_terms (term, note_id, hits)',
    [...terms.hits].map(([term, hits]) => [term, id, hits]),
  );
  await tx.execute('UPDATE notes SET term_count = $1 WHERE id = $2', [terms.length, id]);
}

// A type, not an interface: query<Row> wants rows indexable by column name.
type NoteRow = {
  id: number;
  title: string;
  body: string;
  source: string | null;
  created_at: string;
  updated_at: string;
};

const NOTE_COLUMNS = 'id, title, body, source, created_at, updated_at';

function toNote(row: NoteRow, tags: string[]): Note {
  return {
    id: Number(row.id),
    title: row.title,
    body: row.body,
    tags,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The notes of one database. Each write that takes several statements (the note, its tags,
 * its index entries) runs in one transaction, so a failure leaves no half-written note.
 */
export class NotesStore {
  readonly #db: DbDatabase;
  readonly #now: () => string;

  constructor(db: DbDatabase, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#now = now;
  }

  /** Adds a note; `source` names the file it was read from. */
  add(content: NoteContent, source: string | null = null): Promise<Note> {
    return this.#db.transaction((tx) => this.#insert(tx, content, source));
  }

  async #insert(tx: DbStatements, content: NoteContent, source: string | null): Promise<Note> {
    // Ids come from a counter row, not an engine's autoincrement, so the SQL is the same on
    // SQLite and PostgreSQL and a deleted note's id is never handed out again.
    const [next] = await tx.query<{ last_id: number }>(
      "UPDATE note_ids SET last_id = last_id + 1 WHERE name = 'notes' RETURNING last_id",
    );
    const id = Number(next?.last_id);
    const now = this.#now();
    await tx.execute(
      'INSERT INTO notes (id, title, body, source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
      [id, content.title, content.body, source, now],
    );
    await writeIndex(tx, id, content);
    return toNote(
      { id, title: content.title, body: content.body, source, created_at: now, updated_at: now },
      [...new Set(content.tags)].sort(),
    );
  }

  /** The note `id`, or null. */
  async get(id: number): Promise<Note | null> {
    const [row] = await this.#db.query<NoteRow>(`SELECT ${NOTE_COLUMNS} FROM notes WHERE id = $1`, [
      id,
    ]);
    if (row === undefined) return null;
    return toNote(row, (await tagsOf(this.#db, [id])).get(id) ?? []);
  }

  /** One page of notes, most recently changed first, all or those tagged `tag`. */
  async list(options: { tag?: string; limit: number; offset: number }) {
    const where =
      options.tag === undefined ? '' : 'WHERE id IN (SELECT note_id FROM note_tags WHERE tag = $1)';
    const filter: DbValue[] = options.tag === undefined ? [] : [options.tag];
    const [count] = await this.#db.query<{ total: number }>(
      `SELECT COUNT(*) AS total FROM notes ${where}`,
      filter,
    );
    const rows = await this.#db.query<Omit<NoteRow, 'body' | 'created_at'>>(
      `SELECT id, title, source, updated_at FROM notes ${where}
       ORDER BY updated_at DESC, id DESC LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
      [...filter, options.limit, options.offset],
    );
    const ids = rows.map((row) => Number(row.id));
    const tags = await tagsOf(this.#db, ids);
    const notes: NoteSummary[] = rows.map((row) => ({
      id: Number(row.id),
      title: row.title,
      tags: tags.get(Number(row.id)) ?? [],
      source: row.source,
      updatedAt: row.updated_at,
    }));
    return { notes, total: Number(count?.total ?? 0) };
  }

  /** Deletes note `id` with its tags and index entries; false when there was none. */
  delete(id: number): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      await tx.execute('DELETE FROM note_tags WHERE note_id = $1', [id]);
      await tx.execute('DELETE FROM note_terms WHERE note_id = $1', [id]);
      const { changes } = await tx.execute('DELETE FROM notes WHERE id = $1', [id]);
      return changes > 0;
    });
  }

  /**
   * Adds or updates one note per file, keyed by its path, in one transaction: all files are
   * stored or none. A file stored before with the same title, text and tags is left alone
   * (its `updatedAt` too), which is what makes importing the same folder again change nothing.
   */
  store(files: readonly (NoteContent & { readonly path: string })[]) {
    return this.#db.transaction(async (tx) => {
      const counts = { added: 0, updated: 0, unchanged: 0 };
      for (const file of files) {
        const [row] = await tx.query<{ id: number; title: string; body: string }>(
          'SELECT id, title, body FROM notes WHERE source = $1',
          [file.path],
        );
        if (row === undefined) {
          await this.#insert(tx, file, file.path);
          counts.added++;
          continue;
        }
        const id = Number(row.id);
        const tags = [...new Set(file.tags)].sort();
        const stored = (await tagsOf(tx, [id])).get(id) ?? [];
        if (row.title === file.title && row.body === file.body && stored.join() === tags.join()) {
          counts.unchanged++;
          continue;
        }
        await tx.execute('UPDATE notes SET title = $1, body = $2, updated_at = $3 WHERE id = $4', [
          file.title,
          file.body,
          this.#now(),
          id,
        ]);
        await writeIndex(tx, id, file);
        counts.updated++;
      }
      return counts;
    });
  }
}
