import { describe, expect, it } from 'vitest';
import { contrastRatio, escapeHtml, renderBadge, THEMES } from './themes.js';

describe('renderBadge', () => {
  it('colours the badge from the theme', () => {
    expect(renderBadge('build', 'error', THEMES.midnight)).toEqual({
      html: '<span class="stack-badge stack-badge--error" style="color:#0f172a;background:#f87171">✖ build</span>',
      text: '[✖ build]',
    });
  });

  it('escapes the label', () => {
    expect(renderBadge('<script>"x"</script>', 'ok', THEMES.daylight).html).toContain(
      '✔ &#60;script&#62;&#34;x&#34;&#60;/script&#62;</span>',
    );
  });
});

describe('themes', () => {
  it('keep text readable: WCAG AAA contrast (7:1) between foreground and background', () => {
    for (const tokens of Object.values(THEMES)) {
      expect(contrastRatio(tokens.foreground, tokens.background)).toBeGreaterThanOrEqual(7);
    }
  });

  it('contrastRatio spans 1 (same colour) to 21 (black on white)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('plain text 123')).toBe('plain text 123');
  });
});
