import { describe, expect, it } from 'vitest';
import { jsString } from './js-string.js';

describe('jsString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['say "hi"', `'say "hi"'`],
    ['back\\slash', "'back\\\\slash'"],
    ['\\"', `'\\\\"'`],
    ['line\nbreak', "'line\\nbreak'"],
    ["'); process.exit(1); ('", "'\\'); process.exit(1); (\\''"],
  ])('renders %j as a literal that evaluates back to it', (value, literal) => {
    expect(jsString(value)).toBe(literal);
    // biome-ignore lint/security/noGlobalEval: checking the literal is exactly one string.
    expect(eval(`(${jsString(value)})`)).toBe(value);
  });

  it('never lets a value end the literal early', () => {
    for (const value of ["'", "\\'", "\\\\'", '\u2028', '$' + '{x}', '`', '</script>']) {
      // biome-ignore lint/security/noGlobalEval: the round trip is the property under test.
      expect(eval(`(${jsString(value)})`)).toBe(value);
    }
  });
});
