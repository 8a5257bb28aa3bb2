import { describe, expect, test } from 'vitest';
import { parseChangeset } from './changesets.js';

describe('parseChangeset', () => {
  test('reads every package and bump of the front matter', () => {
    const text = '---\n"@acme/a": minor\n\'b\': patch\nc: major\n---\n\nSummary: "x": major\n';
    expect([...parseChangeset(text)]).toEqual([
      ['@acme/a', 'minor'],
      ['b', 'patch'],
      ['c', 'major'],
    ]);
  });

  test('a file without front matter declares nothing', () => {
    expect(parseChangeset('"@acme/a": minor').size).toBe(0);
  });

  test('malformed front matter is an error, not silence', () => {
    expect(() => parseChangeset('---\n"@acme/a": huge\n---\n')).toThrow(/invalid version type/);
  });
});
