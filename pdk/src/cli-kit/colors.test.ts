import { describe, expect, it } from 'vitest';
import { createColors, shouldUseColor } from './colors.js';

describe('shouldUseColor', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
  ] as const)('%j, TTY %s -> %s', (env, isTTY, expected) => {
    expect(shouldUseColor(env, isTTY)).toBe(expected);
  });
});

describe('createColors', () => {
  it('styles with ANSI codes when enabled, whatever the process streams are', () => {
    const c = createColors(true);
    expect(c.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(c.bold(c.cyan('y'))).toBe('\u001b[1m\u001b[36my\u001b[39m\u001b[22m');
    expect(c.dim('z')).toBe('\u001b[2mz\u001b[22m');
  });

  it('returns the text unchanged when disabled', () => {
    const c = createColors(false);
    for (const style of [c.bold, c.dim, c.red, c.yellow, c.green, c.cyan]) {
      expect(style('text')).toBe('text');
    }
  });
});
