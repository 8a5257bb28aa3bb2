import type { DbStatements, DbValue } from '@stack-plugin/pdk';
import { placeholders, tagsOf } from './notes-store.js';
import { queryWords, snippet } from './search-terms.js';

/** BM25's usual constants: how fast repeated words stop counting, and how much length does. */
const K1 = 1.2;
const B = 0.75;

/** What to search for. */
export interface SearchOptions {
  readonly query: string;
  readonly tag?: string | undefined;
  /** `all`: a note must hold every word; `any`: one is enough. */
  readonly match: 'all' | 'any';
  readonly limit: number;
}

/** One search result. */
export interface SearchHit {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly tags: string[];
  readonly score: number;
}

/**
 * Ranks notes by BM25 over the plugin's own index (note_terms), in SQL both engines run:
 * one query for how many notes hold each word (and the collection's size and mean length),
 * from which the words' weights (IDF) are computed here, then one ranking query that scores,
 * filters, orders and limits in the database and so returns only the best rows (grouped by
 * the primary key, so both engines let the query select the note's other columns). The weights
 * travel as parameters like every other value; the SQL holds only placeholders and constants.
 */
export async function searchNotes(
  db: DbStatements,
  options: SearchOptions,
): Promise<{ hits: SearchHit[]; terms: string[] }> {
  const terms = queryWords(options.query);
  if (terms.length === 0) return { hits: [], terms };
  const stats = await db.query<{ term: string; df: number; docs: number; total: number }>(
    `SELECT term, COUNT(*) AS df,
       (SELECT COUNT(*) FROM notes) AS docs,
       (SELECT COALESCE(SUM(term_count), 0) FROM notes) AS total
     FROM note_terms WHERE term IN (${placeholders(terms.length)}) GROUP BY term`,
    terms,
  );
  // A word no note holds matches nothing: with `all` no note can match at all.
  if (stats.length === 0 || (options.match === 'all' && stats.length < terms.length))
    return { hits: [], terms };
  const docs = Number(stats[0]?.docs);
  const meanLength = Math.max(1, Number(stats[0]?.total) / Math.max(1, docs));
  const params: DbValue[] = [];
  const weights = stats.map((row) => {
    const df = Number(row.df);
    params.push(row.term, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
    return `WHEN $${params.length - 1} THEN CAST($${params.length} AS DOUBLE PRECISION)`;
  });
  const words = stats.map((_, i) => `$${2 * i + 1}`).join(', ');
  params.push(meanLength);
  const mean = `CAST($${params.length} AS DOUBLE PRECISION)`;
  let tagFilter = '';
  if (options.tag !== undefined) {
    params.push(options.tag);
    tagFilter = `AND n.id IN (SELECT note_id FROM note_tags WHERE tag = $${params.length})`;
  }
  const having = options.match === 'all' ? `HAVING COUNT(*) = ${stats.length}` : '';
  params.push(options.limit);
  const ranked = await db.query<{ id: number; title: string; body: string; score: number }>(
    `SELECT n.id AS id, n.title AS title, n.body AS body,
       SUM((CASE t.term ${weights.join(' ')} END) * t.hits * ${K1 + 1}
         / (t.hits + ${K1} * (${1 - B} + ${B} * n.term_count / ${mean}))) AS score
     FROM note_terms t JOIN notes n ON n.id = t.note_id
     WHERE t.term IN (${words}) ${tagFilter}
     GROUP BY n.id ${having}
     ORDER BY score DESC, n.id
     LIMIT $${params.length}`,
    params,
  );
  const tags = await tagsOf(
    db,
    ranked.map((row) => Number(row.id)),
  );
  const hits = ranked.map((row) => ({
    id: Number(row.id),
    title: row.title,
    body: row.body,
    tags: tags.get(Number(row.id)) ?? [],
    // Rounded: the engines add the same terms in different orders, which moves the last bits.
    score: Math.round(Number(row.score) * 10_000) / 10_000,
  }));
  return { hits, terms };
}

/** `hits` as `notes.search` answers them: a snippet around the first match, not the text. */
export function withSnippets(hits: readonly SearchHit[], terms: readonly string[]) {
  return hits.map(({ body, ...hit }) => ({ ...hit, snippet: snippet(body, terms) }));
}
