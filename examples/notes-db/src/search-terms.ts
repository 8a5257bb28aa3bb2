/**
 * The words the search index holds, made the same way for notes and for queries: Unicode
 * letters and digits, lower case, accents removed (`Café` and `cafe` are one word), common
 * English words and single characters dropped. No stemming: `import` and `imports` are two
 * words, which keeps the index exact and the rules easy to predict.
 */

/** Words too common to tell notes apart; dropped from notes and queries alike. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i if in into is it its me my no ' +
    'not of on or our she so than that the their them then there these they this to too us was ' +
    'we were what when which who will with you your'
  ).split(' '),
);

/** Longest word indexed; longer runs of letters (hashes, base64) are not words anyone types. */
const MAX_WORD = 40;

const WORD = /[\p{L}\p{N}]+/gu;

/** `word` as the index holds it: lower case, without accents. */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function indexable(word: string): boolean {
  return word.length > 1 && word.length <= MAX_WORD && !STOP_WORDS.has(word);
}

/** The indexable words of `text`, in order, repeats kept. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = normalizeWord(match[0]);
    if (indexable(word)) out.push(word);
  }
  return out;
}

/** Title words weigh this many body words. */
export const TITLE_WEIGHT = 3;

/** What a note adds to the index: hits per word, and its length in (weighted) words. */
export interface NoteTerms {
  readonly hits: ReadonlyMap<string, number>;
  readonly length: number;
}

/** The index entries of a note. */
export function noteTerms(title: string, body: string): NoteTerms {
  const hits = new Map<string, number>();
  let length = 0;
  const add = (text: string, weight: number) => {
    for (const word of words(text)) {
      hits.set(word, (hits.get(word) ?? 0) + weight);
      length += weight;
    }
  };
  add(title, TITLE_WEIGHT);
  add(body, 1);
  return { hits, length };
}

/** The distinct words of a query, in the order typed. */
export function queryWords(query: string): string[] {
  return [...new Set(words(query))];
}

/**
 * About `width` characters of `body` around the first word of `wanted`, on word boundaries,
 * with `…` where text was cut; the start of the body when no word matches (a title match).
 */
export function snippet(body: string, wanted: readonly string[], width = 160): string {
  const text = body.replace(/\s+/g, ' ').trim();
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    if (wanted.includes(normalizeWord(match[0]))) {
      at = match.index;
      break;
    }
  }
  let start = Math.max(0, at - Math.floor(width / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space === -1 || space >= at ? at : space + 1;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at) end = space;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
