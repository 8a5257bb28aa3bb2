import { describe, expect, it } from 'vitest';
import { noteTerms, queryWords, snippet, TITLE_WEIGHT, words } from './search-terms.js';

describe('words', () => {
  it('lower-cases, removes accents, drops common words and single characters', () => {
    expect(words('The Café in Zürich: a 2nd visit, NAÏVE plan!')).toEqual([
      'cafe',
      'zurich',
      '2nd',
      'visit',
      'naive',
      'plan',
    ]);
  });

  it('keeps scripts other than Latin, and skips runs too long to be words', () => {
    expect(words(`東京 Ελλάδα ${'a'.repeat(41)}`)).toEqual(['東京', 'ελλαδα']);
  });
});

describe('noteTerms', () => {
  it('counts title words three times, and the length in weighted words', () => {
    const { hits, length } = noteTerms('Soup soup', 'Pumpkin soup.');
    expect(Object.fromEntries(hits)).toEqual({ soup: 2 * TITLE_WEIGHT + 1, pumpkin: 1 });
    expect(length).toBe(2 * TITLE_WEIGHT + 2);
  });
});

describe('queryWords', () => {
  it('keeps each word once, in the order typed', () => {
    expect(queryWords('river Walk the river')).toEqual(['river', 'walk']);
  });
});

describe('snippet', () => {
  const body = `${'Lorem ipsum dolor sit amet. '.repeat(10)}The migration failed on Tuesday. ${'Sed do eiusmod. '.repeat(20)}`;

  it('cuts around the first matching word, on word boundaries', () => {
    const text = snippet(body, ['migration'], 80);
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text).toContain('The migration failed on Tuesday.');
    expect(text.length).toBeLessThanOrEqual(82);
    // Whole words: the cut text sits between spaces of the (whitespace-collapsed) body.
    const inner = text.slice(1, -1);
    const flat = body.replace(/\s+/g, ' ').trim();
    const at = flat.indexOf(inner);
    expect(at).toBeGreaterThan(0);
    expect([flat[at - 1], flat[at + inner.length]]).toEqual([' ', ' ']);
  });

  it('starts at the beginning when no word of the body matches', () => {
    expect(snippet('Short text.', ['absent'])).toBe('Short text.');
    expect(snippet(body, ['absent'], 30)).toBe('Lorem ipsum dolor sit amet.…');
  });
});
