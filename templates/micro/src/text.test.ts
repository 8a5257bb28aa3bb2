import { describe, expect, it } from 'vitest';
import { checkMaxLength, normalizeText, slugify } from './text.js';

describe('normalizeText', () => {
  it('trims, collapses spaces and unifies line endings', () => {
    expect(normalizeText('  Hello \t  world  \r\n\r\n\r\n\r\nBye  ')).toBe('Hello world\n\nBye');
  });
});

describe('slugify', () => {
  it('makes a lowercase dash-separated slug without accents', () => {
    expect(slugify('  Crème Brûlée: the RECIPE! ')).toBe('creme-brulee-the-recipe');
  });

  it('returns an empty slug when nothing is left', () => {
    expect(slugify('!!!')).toBe('');
  });
});

describe('checkMaxLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(checkMaxLength('👍👍', 2)).toEqual({ valid: true, problems: [] });
    expect(checkMaxLength('👍👍👍', 2)).toEqual({
      valid: false,
      problems: ['3 characters, at most 2 allowed'],
    });
  });
});
