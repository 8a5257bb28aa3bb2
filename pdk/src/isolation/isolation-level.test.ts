import { describe, expect, it } from 'vitest';
import {
  ISOLATION_LEVELS,
  isIsolationLevel,
  isolationRank,
  strongestIsolation,
} from './isolation-level.js';

describe('isolation levels', () => {
  it('are ordered weakest first', () => {
    expect(ISOLATION_LEVELS).toEqual(['none', 'limited', 'strict']);
    expect(ISOLATION_LEVELS.map(isolationRank)).toEqual([0, 1, 2]);
  });

  it('recognise only the three levels', () => {
    expect(ISOLATION_LEVELS.every(isIsolationLevel)).toBe(true);
    for (const other of ['', 'Strict', 'sandbox', 1, undefined, null]) {
      expect(isIsolationLevel(other)).toBe(false);
    }
  });

  it('pick the strongest, with an unknown level counting as strict', () => {
    expect(strongestIsolation()).toBe('none');
    expect(strongestIsolation(undefined, 'none')).toBe('none');
    expect(strongestIsolation('limited', 'none', undefined)).toBe('limited');
    expect(strongestIsolation('none', 'strict', 'limited')).toBe('strict');
    expect(strongestIsolation('none', 'stirct')).toBe('strict');
  });
});
