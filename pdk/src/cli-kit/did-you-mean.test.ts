import { describe, expect, it } from 'vitest';
import { didYouMean, withDidYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  it.each([
    ['polcy', ['plugins', 'policy'], 'policy'],
    ['ecoh', ['echo', 'list'], 'echo'], // a swapped pair is one edit
    ['VALIDATE', ['validate'], 'validate'],
    ['val', ['validate', 'list'], 'validate'], // unique prefix
    ['zzz', ['plugins', 'policy'], undefined],
    ['permisions', ['permissions', 'requires'], 'permissions'],
    ['ab', ['xy'], undefined],
  ] as const)('%s among %j -> %s', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  it('takes no guess from an ambiguous prefix', () => {
    expect(didYouMean('rem', ['remove', 'remote-add'])).toBeUndefined();
  });

  it('appends the guess to a message, formatted by the caller', () => {
    expect(withDidYouMean('Unknown option "--jsn"', 'jsn', ['json'], (g) => `--${g}`)).toBe(
      'Unknown option "--jsn" (did you mean "--json"?)',
    );
    expect(withDidYouMean('Unknown option "--q"', 'q', ['json'])).toBe('Unknown option "--q"');
  });
});
